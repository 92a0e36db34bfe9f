"""Fixtures of the customers tests: a migrated database of this session's own, the app on it."""
from __future__ import annotations

import pytest
from b2b_shared.testing.servers import migrated_database
from customers.app import create_app
from customers.config import load_config
from customers.entrypoints.migrate import MIGRATIONS


@pytest.fixture(scope="session")
def database_url(postgres_url):
    with migrated_database(postgres_url, "customers", MIGRATIONS) as url:
        yield url


@pytest.fixture(scope="session")
def config(database_url, amqp_url, events_exchange):
    return load_config().with_(database_url=database_url, amqp_url=amqp_url, events_exchange=events_exchange)


@pytest.fixture(scope="session")
def app(config):
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()
