"""A customer user is served here only while its customer is active, as customers' events say."""
from __future__ import annotations

import time
import uuid

import pytest
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.envelope import CloudEvent, make_envelope, to_json
from b2b_shared.testing.identity import client_as
from importer.service import SERVICE


@pytest.fixture(scope="module")
def events(config):
    return build_consumer(SERVICE, config, f"import.events.test-{uuid.uuid4().hex[:8]}")


def customer_event(events, customer_id: uuid.UUID, version: int, status: str) -> None:
    data = {"id": str(customer_id), "version": version, "status": status, "name": "Acme"}
    envelope = make_envelope("customer.updated" if version > 1 else "customer.created", "/b2b/customers",
                             str(customer_id), data, None)
    events.process(CloudEvent.from_json(to_json(envelope).encode()))


def test_a_customer_users_access_follows_its_customers_status(app, people, events):
    customer_id = uuid.uuid4()
    customer_event(events, customer_id, 1, "active")
    own_jobs = {"resource": "import_job", "action": "VIEW", "access_level": "USER"}
    user = client_as(app, people.customer_user(customer_id, [own_jobs]))
    assert user.get("/api/v1/import-jobs").status_code == 200
    assert user.post("/api/v1/export-jobs", json={"entity": "customers"}).status_code == 403
    customer_event(events, customer_id, 2, "inactive")
    customer_event(events, customer_id, 1, "active")  # late: changes nothing
    assert refused_within(user, seconds=5)  # the design's bound; principals are cached a moment


def refused_within(user, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if user.get("/api/v1/import-jobs").status_code == 401:
            return True
        time.sleep(0.1)
    return False
