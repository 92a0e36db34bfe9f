"""pytest plugin (enabled in the root pyproject.toml): the session's PostgreSQL and RabbitMQ.

A service's tests/conftest.py builds on these: `migrated_database(postgres_url, ...)` gives it a
database of its own, so test sessions never share tables and need no truncation.
"""
from __future__ import annotations

import uuid

import pytest

from .servers import postgres_server, rabbitmq_server


@pytest.fixture(scope="session")
def postgres_url():
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def amqp_url():
    with rabbitmq_server() as url:
        yield url


@pytest.fixture(scope="session")
def events_exchange() -> str:
    """A topic exchange of the test session's own, so parallel runs never see each other's events."""
    return f"b2b.events.test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def unique() -> str:
    """A random suffix for names and codes that must be unique (test data isolated by random ids)."""
    return uuid.uuid4().hex[:10]
