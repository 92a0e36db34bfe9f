"""Fixtures of the users-roles tests: a migrated database of this session's own, the app on it,
and `suite`, which puts customers into the read model through the real consumer code and makes
roles, users and tokens through the API."""
from __future__ import annotations

import hashlib
import json
import uuid
from functools import partial

import pytest
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.tables import inbox_table
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import CloudEvent, make_envelope, to_json
from b2b_shared.testing.fixtures import service_fixtures
from b2b_shared.testing.identity import client_as
from users_roles.adapters.wiring import joined_uow
from users_roles.domain.model import Base
from users_roles.messaging.handlers import HANDLERS, QUEUE
from users_roles.service import SERVICE

PASSWORD = "correct horse battery"
ADMIN_EMAIL = f"admin-{uuid.uuid4().hex[:8]}@example.com"
SERVICE_SECRET = "a test secret of the import worker"
SERVICE_CLIENTS = json.dumps({"import": {"secret_sha256": hashlib.sha256(SERVICE_SECRET.encode()).hexdigest(),
                                         "scopes": ["customer_user:VIEW", "customer_user:CREATE"]}})


# Its own signing keys, not a test key: users-roles issues the tokens.
database_url, config, app = service_fixtures(SERVICE, test_keys=False, bootstrap_admin_email=ADMIN_EMAIL,
                                             bootstrap_admin_password=PASSWORD, service_clients=SERVICE_CLIENTS)


@pytest.fixture(scope="session")
def engine(config):
    return make_engine(config.database_url, 2)


@pytest.fixture
def anonymous(app):
    return app.test_client()


@pytest.fixture(scope="session")
def admin_headers(app):
    """The bootstrap back-office administrator's token (conftest's config creates it)."""
    response = app.test_client().post("/api/v1/auth/token", json={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


@pytest.fixture
def client(app, admin_headers):
    """A back-office administrator's client: every request carries its token."""
    return client_as(app, admin_headers)


@pytest.fixture(scope="session")
def consumer(config, engine):
    """The consumer's processing (inbox + handlers) without the broker loop, for direct calls."""
    return Consumer(config.amqp_url, config.events_exchange, QUEUE, HANDLERS, make_session_factory(engine),
                    inbox_table(Base.metadata), joined=partial(joined_uow, config))


def customer_event(event_type: str, customer_id, version: int, parent_id=None, status="active", **extra) -> CloudEvent:
    data = {"id": str(customer_id), "name": "Acme", "parent_id": str(parent_id) if parent_id else None,
            "status": status, "version": version, **extra}
    envelope = make_envelope(event_type, "/b2b/customers", str(customer_id), data, None)
    return CloudEvent.from_json(to_json(envelope).encode())


@pytest.fixture(scope="session")
def event():
    """Builds a customer.* CloudEvent as customers publishes it."""
    return customer_event


class Suite:
    def __init__(self, client, consumer):
        self.client = client
        self.consumer = consumer
        self.versions: dict[uuid.UUID, int] = {}

    def customer(self, parent=None, status="active") -> uuid.UUID:
        customer_id = uuid.uuid4()
        self.versions[customer_id] = 1
        self.consumer.process(customer_event("customer.created", customer_id, 1, parent, status))
        return customer_id

    def change(self, event_type: str, customer_id, parent=None, status="active", **extra) -> None:
        self.versions[customer_id] += 1
        self.consumer.process(customer_event(event_type, customer_id, self.versions[customer_id], parent, status,
                                             **extra))

    def role(self, customer_id, permissions, self_managed=True, headers=None) -> dict:
        body = {"label": f"Role {uuid.uuid4().hex[:8]}", "customer_id": str(customer_id) if customer_id else None,
                "self_managed": self_managed, "permissions": permissions}
        response = self.client.post("/api/v1/roles", json=body, headers=headers)
        assert response.status_code == 201, response.json
        return response.json

    def user(self, customer_id, role_ids=None, **fields) -> dict:
        body = {"customer_id": str(customer_id), "email": f"u-{uuid.uuid4().hex[:10]}@example.com",
                "password": PASSWORD, "first_name": "Amanda", "last_name": "Smith", **fields}
        if role_ids is not None:
            body["role_ids"] = [str(r) for r in role_ids]
        response = self.client.post("/api/v1/customer-users", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def sign_in(self, email, password=PASSWORD):
        return self.client.post("/api/v1/auth/token", json={"email": email, "password": password})

    def bearer(self, email, password=PASSWORD) -> dict:
        response = self.sign_in(email, password)
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['access_token']}"}


@pytest.fixture
def suite(client, consumer):
    return Suite(client, consumer)


@pytest.fixture(scope="session")
def session_suite(app, consumer, admin_headers):
    """A Suite for module- and session-scoped fixtures (a test's own `suite` is function-scoped)."""
    return Suite(client_as(app, admin_headers), consumer)


@pytest.fixture(scope="module")
def commands(config):
    """The command queue's processing (inbox, import batch and export page handlers), without the broker loop."""
    return build_consumer(SERVICE, config, f"users-roles.import-batches.test-{uuid.uuid4().hex[:8]}",
                          consumes=SERVICE.commands)


@pytest.fixture(scope="module")
def administrator(session_suite) -> str:
    """The bootstrap back-office administrator's id: an actor users-roles knows."""
    return session_suite.client.get("/api/v1/authz/me").json["id"]


@pytest.fixture
def known_customer(consumer):
    """known_customer(parent=None, **data) -> a customer in the read model with an external id, as
    customers' events carry it: {id, external_id}."""
    def make(parent=None, **data) -> dict:
        customer_id, external_id = uuid.uuid4(), f"ACME-{uuid.uuid4().hex[:8]}"
        consumer.process(customer_event("customer.created", customer_id, 1, parent, external_id=external_id, **data))
        return {"id": customer_id, "external_id": external_id}
    return make


@pytest.fixture
def global_role(client):
    """global_role(name) -> the id of a predefined global role (ADMINISTRATOR, BUYER, ANONYMOUS)."""
    def role_id(name: str) -> str:
        listed = client.get("/api/v1/roles", query_string={"limit": 100}).json["items"]
        return next(role["id"] for role in listed if role["name"] == name and role["customer_id"] is None)
    return role_id


@pytest.fixture(scope="session")
def service_secret():
    """The secret of the `import` service client configured above."""
    return SERVICE_SECRET
