"""The activity timeline, from events through the real consumer's handlers to GET /activity."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.entrypoints import build_consumer
from b2b_shared.testing.identity import bearer
from customers.service import SERVICE

from .timeline_events import foreign, own_events


@pytest.fixture(scope="module")
def consumer(config):
    return build_consumer(SERVICE, config, consumes=SERVICE.follows)  # the timeline's queue


@pytest.fixture(scope="module")
def principals(config):
    return build_consumer(SERVICE, config)  # the principals' queue: who may call us


def deliver(consumer, *events) -> list[str]:
    return [consumer.process(event) for event in events]


def activity(client, customer_id: str, query: str = "") -> dict:
    response = client.get(f"/api/v1/customers/{customer_id}/activity{query}")
    assert response.status_code == 200, response.json
    return response.json


def test_create_change_and_move_make_entries_newest_first_with_the_changed_fields(client, config, consumer):
    parent = client.post("/api/v1/customers", json={"name": "Parent"}).json["id"]
    cid = client.post("/api/v1/customers", json={"name": "Acme"}).json["id"]
    client.patch(f"/api/v1/customers/{cid}", json={"name": "Acme Ltd", "email": "a@example.com"},
                 headers={"If-Match": '"1"'})
    client.post(f"/api/v1/customers/{cid}/move", json={"parent_id": parent})
    deliver(consumer, *own_events(config, cid))
    items = activity(client, cid)["items"]
    assert [item["type"] for item in items] == ["customer.moved", "customer.updated", "customer.created"]
    assert items[1]["details"]["changed_fields"] == ["email", "name"]
    assert items[1]["summary"] == "Customer Acme Ltd changed: email, name"
    assert items[0]["details"]["parent_id"] == parent
    assert all(item["customer_id"] == cid and item["event_id"] and item["time"] for item in items)


def test_the_same_event_delivered_twice_makes_one_entry(client, config, consumer):
    cid = client.post("/api/v1/customers", json={"name": "Twice"}).json["id"]
    [created] = own_events(config, cid)
    assert deliver(consumer, created, created) == ["applied", "duplicate"]
    assert len(activity(client, cid)["items"]) == 1


def test_addresses_and_users_of_the_customer_are_in_its_timeline(client, config, consumer, people):
    cid = client.post("/api/v1/customers", json={"name": "Book"}).json["id"]
    address = client.post(f"/api/v1/customers/{cid}/addresses",
                          json={"types": ["billing"], "street": "1 Main St", "city": "Berlin", "country_code": "DE"})
    user = {"id": str(uuid.uuid4()), "customer_id": cid, "email": "amanda@example.com", "enabled": True,
            "role_ids": [], "version": 1}
    deliver(consumer, *own_events(config, address.json["id"]), foreign("customer_user.created", user, "/b2b/users-roles"),
            foreign("customer_user.disabled", {**user, "enabled": False, "version": 2}, "/b2b/users-roles"))
    summaries = [item["summary"] for item in activity(client, cid)["items"]]
    assert "Address Berlin added" in " ".join(summaries) or "Address 1 Main St, Berlin added" in summaries
    assert "User amanda@example.com added" in summaries
    assert "User amanda@example.com disabled" in summaries


def test_a_customer_user_event_reaches_both_the_principal_read_model_and_the_timeline(app, client, consumer,
                                                                                       principals, people):
    cid = client.post("/api/v1/customers", json={"name": "Principal"}).json["id"]
    user_id = str(uuid.uuid4())
    user = {"id": user_id, "customer_id": cid, "email": "p@example.com", "enabled": True, "role_ids": [],
            "version": 1}
    event = foreign("customer_user.created", user, "/b2b/users-roles")
    assert deliver(principals, event) == deliver(consumer, event) == ["applied"]  # one inbox per queue
    token = people.keys.token(user_id, "customer_user", customer_id=cid, roles=[])
    response = app.test_client().get("/api/v1/customers", headers=bearer(token))
    assert response.status_code == 403  # known now (not 401), and refused by its roles
    assert [item["type"] for item in activity(client, cid)["items"]] == ["customer_user.created"]


def test_pricing_events_name_the_customer_they_concern_and_group_level_ones_make_no_entry(client, consumer):
    cid = client.post("/api/v1/customers", json={"name": "Priced"}).json["id"]
    price_list = str(uuid.uuid4())
    mine = {"id": str(uuid.uuid4()), "version": 1, "price_list_id": price_list, "level": "customer",
            "target_id": cid, "priority": 10, "updated_at": "2026-01-01T00:00:00Z"}
    groups = {**mine, "id": str(uuid.uuid4()), "level": "customer_group", "target_id": str(uuid.uuid4())}
    posting = {"customer_id": cid, "ledger": "store_credit", "currency": "EUR", "version": 3,
               "entry": {"amount": "25.00", "currency": "EUR", "description": "goodwill", "balance_after": "75.00",
                         "created_at": "2026-01-03T00:00:00Z"}}
    deliver(consumer, foreign("price_list_assignment.created", mine), foreign("price_list_assignment.created", groups),
            foreign("balance.changed", posting, subject=cid))
    items = activity(client, cid)["items"]
    assert [item["type"] for item in items] == ["balance.changed", "price_list_assignment.created"]
    assert items[0]["summary"] == "Store credit: 25.00 EUR (goodwill), balance 75.00"
    assert items[1]["summary"] == f"Price list {price_list} assigned (priority 10)"


def test_the_timeline_filters_by_type_and_time_and_pages_with_a_cursor(client, config, consumer):
    cid = client.post("/api/v1/customers", json={"name": "Filtered"}).json["id"]
    for number in range(3):
        client.patch(f"/api/v1/customers/{cid}", json={"name": f"Filtered {number}"},
                     headers={"If-Match": f'"{number + 1}"'})
    deliver(consumer, *own_events(config, cid))
    first = activity(client, cid, "?type=customer.updated&limit=2")
    second = activity(client, cid, f"?type=customer.updated&limit=2&cursor={first['next_cursor']}")
    assert len(first["items"]) == 2 and len(second["items"]) == 1 and second["next_cursor"] is None
    assert activity(client, cid, "?type=customer")["items"][-1]["type"] == "customer.created"
    assert activity(client, cid, "?until=2000-01-01T00:00:00Z")["items"] == []
    assert len(activity(client, cid, "?since=2000-01-01T00:00:00Z")["items"]) == 4


def test_include_subsidiaries_adds_the_entries_of_the_whole_subtree(client, config, consumer):
    parent = client.post("/api/v1/customers", json={"name": "Group HQ"}).json["id"]
    child = client.post("/api/v1/customers", json={"name": "Branch", "parent_id": parent}).json["id"]
    deliver(consumer, *own_events(config, parent, child))
    assert len(activity(client, parent)["items"]) == 1
    both = activity(client, parent, "?include_subsidiaries=true")["items"]
    assert {item["customer_id"] for item in both} == {parent, child}


def test_bad_filters_are_field_errors(client):
    cid = client.post("/api/v1/customers", json={"name": "Strict"}).json["id"]
    response = client.get(f"/api/v1/customers/{cid}/activity?since=yesterday&limit=0")
    assert response.status_code == 422
    assert {"since", "limit"} <= set(response.json["errors"])


def test_a_subtrees_timeline_pages_through_every_customers_entries_newest_first(client, config, consumer):
    parent = client.post("/api/v1/customers", json={"name": "Pager HQ"}).json["id"]
    child = client.post("/api/v1/customers", json={"name": "Pager Branch", "parent_id": parent}).json["id"]
    for number in range(2):
        for cid in (parent, child):
            client.patch(f"/api/v1/customers/{cid}", json={"name": f"Pager {cid[:4]} {number}"},
                         headers={"If-Match": f'"{number + 1}"'})
    deliver(consumer, *own_events(config, parent, child))
    seen, cursor = [], ""
    while True:
        page = activity(client, parent, f"?include_subsidiaries=true&limit=2{cursor}")
        seen += page["items"]
        if page["next_cursor"] is None:
            break
        cursor = f"&cursor={page['next_cursor']}"
    assert len(seen) == len({item["event_id"] for item in seen}) == 6
    assert [item["time"] for item in seen] == sorted((item["time"] for item in seen), reverse=True)
