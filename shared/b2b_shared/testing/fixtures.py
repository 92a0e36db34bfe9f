"""pytest plugin (enabled in the root pyproject.toml): the session's PostgreSQL and RabbitMQ.

A service's tests/conftest.py builds on these: `migrated_database(postgres_url, ...)` gives it a
database of its own, so test sessions never share tables and need no truncation.
"""
from __future__ import annotations

import uuid

import pika
import pytest
from hypothesis import settings

from .servers import postgres_server, rabbitmq_server

# Hypothesis' 200 ms deadline per example fails a property test whenever the 2-core CI machine is
# busy with the end-to-end suite: these tests check correctness; speed is bench/'s business.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


# folder -> the engines of the apps its tests used, by id: released when the folder's tests are done.
_ENGINES_IN_USE: dict[tuple[str, ...], dict[int, object]] = {}


def pytest_runtest_teardown(item, nextitem) -> None:
    """After the last test of a folder (a service's tests, shared/tests, tests/e2e...), the pooled
    connections of the apps its tests used go back to PostgreSQL instead of waiting idle until the
    session ends: with a `make run` beside, the end-to-end suites at the end need them (the server
    allows 100)."""
    from ..http.service_app import ENGINE

    folder = _folder_of(item)
    app = getattr(item, "funcargs", {}).get("app")
    if app is not None and (engine := app.extensions.get(ENGINE)) is not None:
        _ENGINES_IN_USE.setdefault(folder, {})[id(engine)] = engine
    if nextitem is None or _folder_of(nextitem) != folder:
        for engine in _ENGINES_IN_USE.pop(folder, {}).values():
            engine.dispose()  # the app still works: its pool connects again when next asked


def _folder_of(item) -> tuple[str, ...]:
    return item.path.relative_to(item.config.rootpath).parts[:2]  # ("services", "pricing"), ("tests", "e2e")


@pytest.fixture(scope="session")
def postgres_url():
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def amqp_url():
    with rabbitmq_server() as url:
        yield url


@pytest.fixture(scope="session")
def events_exchange(amqp_url):
    """A topic exchange of the test session's own, so parallel runs never see each other's events."""
    name = f"b2b.events.test-{uuid.uuid4().hex[:8]}"
    yield name
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    connection.channel().exchange_delete(name)
    connection.close()


@pytest.fixture
def listener():
    """A local port a forged token's jku/x5u point at: `listener.connections` must stay 0."""
    from .forged_tokens import Listener

    made = Listener()
    yield made
    made.close()


@pytest.fixture
def unique() -> str:
    """A random suffix for names and codes that must be unique (test data isolated by random ids)."""
    return uuid.uuid4().hex[:10]



def caller_fixtures():
    """The callers of a service's app, as fixtures for its tests/conftest.py:

        keys, people, admin_headers, anonymous, client = caller_fixtures()

    A factory, not plugin fixtures: each service's conftest gets session fixtures of its own,
    bound to its own `database_url` and `app` (one pytest session runs every service's tests)."""

    @pytest.fixture(scope="session")
    def keys():
        """A signing key of the test session's own; the service's config points `jwks_url` at it."""
        from .identity import SigningKeys

        return SigningKeys()

    @pytest.fixture(scope="session")
    def people(keys, database_url):
        """Principals put into the service's read model through its real event handlers."""
        from ..db.engine import make_engine
        from .identity import Identities

        engine = make_engine(database_url, 2)
        yield Identities(keys, engine)
        engine.dispose()

    @pytest.fixture(scope="session")
    def admin_headers(people):
        return people.staff("administrator")

    @pytest.fixture
    def anonymous(app):
        return app.test_client()

    @pytest.fixture
    def client(app, admin_headers):
        """A back-office administrator's client: every request carries its token."""
        from .identity import client_as

        return client_as(app, admin_headers)

    return keys, people, admin_headers, anonymous, client


def service_fixtures(service, test_keys: bool = True, **config_overrides):
    """A service's own database, config and app, as fixtures for its tests/conftest.py:

        database_url, config, app = service_fixtures(SERVICE, db_pool_size=10)

    The database is migrated from the service's migrations and dropped at the end; the config points
    at this session's servers (and, with `test_keys`, at caller_fixtures()'s signing key); the
    service's first-start setup runs as at every start."""

    @pytest.fixture(scope="session")
    def database_url(postgres_url):
        from .servers import migrated_database

        with migrated_database(postgres_url, service.name, service.migrations) as url:
            yield url

    @pytest.fixture(scope="session")
    def config(request, database_url, amqp_url, events_exchange):
        keys = {"jwks_url": request.getfixturevalue("keys").jwks_url} if test_keys else {}
        config = service.load_config().with_(database_url=database_url, amqp_url=amqp_url,
                                             events_exchange=events_exchange, **keys, **config_overrides)
        if service.after_migrate:
            service.after_migrate(config)
        return config

    @pytest.fixture(scope="session")
    def app(config):
        return service.create_app(config)

    return database_url, config, app
