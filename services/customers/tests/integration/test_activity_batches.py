"""The timeline fed as the consumer applies a backlog: a batch's states last seen read in one
statement and written in one, its entries in one (b2b_shared/messaging/batches.py), and each
event's changed fields the same as one by one."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.entrypoints import build_consumer
from b2b_shared.testing.statements import statements_per_batch
from customers.service import SERVICE

from .timeline_events import foreign, own_events


@pytest.fixture(scope="module")
def consumer(config):
    return build_consumer(SERVICE, config, consumes=SERVICE.follows)  # the timeline's queue


def customer_changed(event_type: str, customer_id: str, version: int, **fields):
    return foreign(event_type, {"id": customer_id, "name": "Acme", "status": "active", "version": version, **fields},
                   source="/b2b/customers")


def test_a_batch_of_events_costs_the_same_few_statements_whatever_its_size(consumer):
    sizes = statements_per_batch(
        consumer, lambda size: [customer_changed("customer.created", str(uuid.uuid4()), 1) for _ in range(size)])
    assert sizes[40] == sizes[2], sizes


def test_in_one_batch_each_change_lists_the_fields_changed_since_the_one_before(client, config, consumer):
    cid = client.post("/api/v1/customers", json={"name": "Acme"}).json["id"]
    client.patch(f"/api/v1/customers/{cid}", json={"name": "Acme Ltd"}, headers={"If-Match": '"1"'})
    client.patch(f"/api/v1/customers/{cid}", json={"email": "a@example.com"}, headers={"If-Match": '"2"'})
    created, renamed, emailed = own_events(config, cid)
    assert consumer.process_all([created, renamed, emailed, renamed]) == ["applied"] * 3 + ["duplicate"]
    items = client.get(f"/api/v1/customers/{cid}/activity").json["items"]
    assert [item["details"].get("changed_fields") for item in items] == [["email"], ["name"], None]
