"""Customers' statuses applied as the consumer applies a backlog: one statement for the batch's
rows (b2b_shared/messaging/batches.py), the newest version of each customer winning as one by one."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.db.engine import make_engine
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.envelope import CloudEvent, make_envelope, to_json
from b2b_shared.testing.statements import statements_per_batch
from importer.adapters.tables import customers
from importer.service import SERVICE
from sqlalchemy import select


@pytest.fixture(scope="module")
def events(config):
    return build_consumer(SERVICE, config, f"import.events.test-{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module")
def engine(database_url):
    engine = make_engine(database_url, 1)
    yield engine
    engine.dispose()


def changed(customer_id: uuid.UUID, version: int, status: str = "active", **extra) -> CloudEvent:
    data = {"id": str(customer_id), "version": version, "status": status, "name": "Acme", **extra}
    envelope = make_envelope("customer.updated", "/b2b/customers", str(customer_id), data, None)
    return CloudEvent.from_json(to_json(envelope).encode())


def status_of(engine, customer_id) -> tuple:
    with engine.connect() as db:
        return tuple(db.execute(select(customers.c.status, customers.c.version, customers.c.lineage)
                                .where(customers.c.id == customer_id)).one())


def test_a_batch_of_statuses_costs_the_same_few_statements_whatever_its_size(events):
    sizes = statements_per_batch(events, lambda size: [changed(uuid.uuid4(), 1) for _ in range(size)])
    assert sizes[40] == sizes[2], sizes


def test_in_one_batch_the_newest_version_of_each_customer_stands(events, engine):
    customer, deleted = uuid.uuid4(), uuid.uuid4()
    events.process_all([changed(customer, 2, "inactive"), changed(customer, 3, "active"),
                        changed(customer, 1, "inactive"), changed(deleted, 1), changed(deleted, 2, deleted=True)])
    assert status_of(engine, customer) == ("active", 3, [customer])
    assert status_of(engine, deleted)[:2] == ("deleted", 2)
    events.process_all([changed(customer, 3, "inactive")])  # the same version again: changes nothing
    assert status_of(engine, customer)[:2] == ("active", 3)
