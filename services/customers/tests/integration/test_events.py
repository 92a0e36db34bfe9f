"""What the customers service writes to its outbox: the event contract, in the same commit."""
from __future__ import annotations

from b2b_shared.config import sqlalchemy_url
from b2b_shared.db.tables import outbox_table
from customers.domain.model import Base
from sqlalchemy import create_engine, select

OUTBOX = outbox_table(Base.metadata)


def events_for(config, subject: str) -> list[dict]:
    engine = create_engine(sqlalchemy_url(config.database_url))
    with engine.connect() as db:
        rows = db.execute(select(OUTBOX.c.envelope).where(OUTBOX.c.subject == subject).order_by(OUTBOX.c.seq))
        envelopes = [row.envelope for row in rows]
    engine.dispose()
    return envelopes


def test_create_update_move_delete_each_write_their_event_with_the_version(client, config, unique):
    parent = client.post("/api/v1/customers", json={"name": f"p {unique}"}).json["id"]
    cid = client.post("/api/v1/customers", json={"name": f"c {unique}"}).json["id"]
    client.patch(f"/api/v1/customers/{cid}", json={"name": "renamed"}, headers={"If-Match": '"1"'})
    client.post(f"/api/v1/customers/{cid}/move", json={"parent_id": parent})
    client.delete(f"/api/v1/customers/{cid}", headers={"If-Match": '"3"'})
    events = events_for(config, cid)
    assert [e["type"] for e in events] == ["customer.created", "customer.updated", "customer.moved", "customer.deleted"]
    assert [e["data"]["version"] for e in events] == [1, 2, 3, 4]
    assert events[2]["data"]["parent_id"] == parent
    assert events[2]["data"]["previous_parent_id"] is None
    assert events[3]["data"]["deleted"] is True


def test_a_request_id_rides_from_the_request_into_the_event(client, config):
    cid = client.post("/api/v1/customers", json={"name": "traced"}, headers={"X-Request-ID": "req-abc-123"}).json["id"]
    [event] = events_for(config, cid)
    assert event["requestid"] == "req-abc-123"


def test_a_refused_change_writes_no_event(client, config):
    cid = client.post("/api/v1/customers", json={"name": "stable"}).json["id"]
    client.patch(f"/api/v1/customers/{cid}", json={"name": "nope"}, headers={"If-Match": '"9"'})
    assert [e["type"] for e in events_for(config, cid)] == ["customer.created"]


def test_a_default_address_change_publishes_both_addresses(client, config):
    cid = client.post("/api/v1/customers", json={"name": "addr"}).json["id"]
    body = {"types": ["billing"], "street": "s", "city": "c", "country_code": "DE", "default_billing": True}
    old = client.post(f"/api/v1/customers/{cid}/addresses", json=body).json["id"]
    client.post(f"/api/v1/customers/{cid}/addresses", json=body)
    assert [e["type"] for e in events_for(config, old)] == ["customer_address.created", "customer_address.updated"]
