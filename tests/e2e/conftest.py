"""The running suite the end-to-end tests share (see suite_runner.py)."""
from __future__ import annotations

import pytest
from suite_runner import running_suite, suite_environment


@pytest.fixture(scope="session")
def suite(postgres_url, amqp_url, events_exchange):
    with suite_environment(postgres_url, amqp_url, events_exchange) as env, running_suite(env) as running:
        yield running


@pytest.fixture(scope="session")
def admin(suite):
    """The bootstrap back-office administrator, signed in through the gateway."""
    return suite.client(suite.admin())
