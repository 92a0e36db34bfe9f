"""Fixtures of the customers tests: a migrated database of this session's own, the app on it,
callers with tokens of a test signing key (their principals put into the read model through the
real event handlers), and `client`, an administrator's client that most tests use."""
from __future__ import annotations

import pytest
from b2b_shared.testing.fixtures import caller_fixtures
from b2b_shared.testing.servers import migrated_database
from customers.app import create_app
from customers.config import load_config
from customers.service import SERVICE


keys, people, admin_headers, anonymous, client = caller_fixtures()


@pytest.fixture(scope="session")
def database_url(postgres_url):
    with migrated_database(postgres_url, "customers", SERVICE.migrations) as url:
        yield url


@pytest.fixture(scope="session")
def config(database_url, amqp_url, events_exchange, keys):
    return load_config().with_(database_url=database_url, amqp_url=amqp_url, events_exchange=events_exchange,
                               jwks_url=keys.jwks_url)


@pytest.fixture(scope="session")
def app(config):
    return create_app(config)

