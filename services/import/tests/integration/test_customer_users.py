"""A customer user is served here only while its customer is active, as customers' events say."""
from __future__ import annotations

import io
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


def a_file(header: str, *rows: str) -> dict:
    content = "\r\n".join((header, *rows, "")).encode()
    return {"file": (io.BytesIO(content), "users.csv")}


def test_a_customers_administrator_may_import_and_export_customer_users_and_nothing_else(app, people, events):
    """CREATE and EDIT beyond its own records (DEPARTMENT or CORPORATE) on customer_user: the owner then
    decides each row within its reach (users-roles). Customers stay the back office's."""
    customer_id = uuid.uuid4()
    customer_event(events, customer_id, 1, "active")
    jobs = [{"resource": "import_job", "action": action, "access_level": "DEPARTMENT"} for action in ("VIEW", "CREATE")]
    users = [{"resource": "customer_user", "action": action, "access_level": "CORPORATE"}
             for action in ("VIEW", "CREATE", "EDIT")]
    administrator = client_as(app, people.customer_user(customer_id, jobs + users))
    own_records_only = client_as(app, people.customer_user(customer_id, jobs + [
        {**permission, "access_level": "USER"} for permission in users]))
    users_file = a_file("email,first_name,last_name,customer_external_id", "a@example.com,A,B,ACME")
    assert upload(administrator, users_file, "customer_users").status_code == 202
    assert upload(own_records_only, a_file("email,first_name,last_name", "a@example.com,A,B"),
                  "customer_users").status_code == 403
    assert upload(administrator, a_file("name", "Acme"), "customers").status_code == 403
    for user in (administrator, own_records_only):  # exports what it reaches, as its list shows it
        assert user.post("/api/v1/export-jobs", json={"entity": "customer_users"}).status_code == 202
    assert administrator.post("/api/v1/export-jobs", json={"entity": "customer_groups"}).status_code == 403


def upload(client, data: dict, entity: str):
    return client.post("/api/v1/import-jobs", data={"entity": entity, "mode": "validate", **data},
                       content_type="multipart/form-data")


def refused_within(user, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if user.get("/api/v1/import-jobs").status_code == 401:
            return True
        time.sleep(0.1)
    return False
