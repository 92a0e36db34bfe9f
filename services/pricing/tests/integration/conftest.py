"""Integration fixtures: the consumer on this session's database and exchange, a way to tell
pricing about a customer the way the customers service does - with a CloudEvent - and a small
company tree for the access tests."""
from __future__ import annotations

import json
import uuid

import pytest
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.envelope import CloudEvent, make_envelope
from b2b_shared.testing.identity import user_id_of
from pricing.service import SERVICE


@pytest.fixture(scope="session")
def consumer(config):
    return build_consumer(SERVICE, config)


def customer_event(event_type: str, customer_id, version: int, group_id=None, parent_id=None, **extra) -> CloudEvent:
    data = {"id": str(customer_id), "name": "Acme", "status": "active", "version": version,
            "group_id": str(group_id) if group_id else None, "parent_id": str(parent_id) if parent_id else None,
            **extra}
    envelope = make_envelope(event_type, "/b2b/customers", str(customer_id), data, None)
    return CloudEvent.from_json(json.dumps(envelope).encode())


def group_event(event_type: str, group_id, version: int, **extra) -> CloudEvent:
    data = {"id": str(group_id), "name": "Wholesale", "code": f"g-{group_id}", "version": version, **extra}
    envelope = make_envelope(event_type, "/b2b/customers", str(group_id), data, None)
    return CloudEvent.from_json(json.dumps(envelope).encode())


@pytest.fixture
def tell(consumer):
    """tell("customer.updated", customer_id, version, group_id=...) applies the event as the consumer would."""
    def apply(event_type: str, customer_id, version: int, **fields) -> str:
        return consumer.process(customer_event(event_type, customer_id, version, **fields))
    return apply


@pytest.fixture
def tell_group(consumer):
    """tell_group("customer_group.deleted", group_id, version, deleted=True), as the consumer would apply it."""
    def apply(event_type: str, group_id, version: int, **fields) -> str:
        return consumer.process(group_event(event_type, group_id, version, **fields))
    return apply


@pytest.fixture
def known_customer(tell):
    """known_customer() -> the id of a customer pricing knows. Told at version 0, so that a test's own
    customer.created (version 1) about it still applies."""
    def make(**fields) -> uuid.UUID:
        customer = uuid.uuid4()
        tell("customer.created", customer, 0, **fields)
        return customer
    return make


@pytest.fixture
def known_group(tell_group):
    def make() -> uuid.UUID:
        group = uuid.uuid4()
        tell_group("customer_group.created", group, 0)
        return group
    return make


@pytest.fixture
def customer_id(known_customer) -> uuid.UUID:
    """A customer pricing knows (every write and resolve checks that it exists)."""
    return known_customer()


@pytest.fixture
def group_id(known_group) -> uuid.UUID:
    return known_group()


@pytest.fixture
def event_of():
    """The CloudEvent the customers service would publish for a customer change."""
    return customer_event


@pytest.fixture(scope="session")
def db(config):
    """A plain engine on the session's database, for looking behind the API."""
    from b2b_shared.config import sqlalchemy_url
    from sqlalchemy import create_engine
    engine = create_engine(sqlalchemy_url(config.database_url))
    yield engine
    engine.dispose()


@pytest.fixture
def rep_headers(people) -> dict:
    """A sales representative's token: the `companies` fixture names it on `own`."""
    return people.staff("sales_representative")


@pytest.fixture
def companies(tell, rep_headers):
    """parent -> own -> child, and another company, as customers' events describe them; `own`
    names the sales representative of `rep_headers`."""
    parent, own, child, other = (uuid.uuid4() for _ in range(4))
    tell("customer.created", parent, 1)
    tell("customer.created", own, 1, parent_id=parent, sales_rep_ids=[user_id_of(rep_headers)])
    tell("customer.created", child, 1, parent_id=own)
    tell("customer.created", other, 1)
    return {"parent": parent, "own": own, "child": child, "other": other}


@pytest.fixture
def resolve_as(anonymous):
    """resolve_as(headers, customer_id) -> the response of resolving one item for the customer."""
    def call(headers: dict, customer_id):
        body = {"customer_id": str(customer_id), "currency": "EUR",
                "items": [{"sku": "S", "unit": "item", "quantity": "1"}]}
        return anonymous.post("/api/v1/prices/resolve", json=body, headers=headers)
    return call
