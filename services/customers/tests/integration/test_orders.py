"""Orders from other teams: applied once however often and in whatever order they arrive, figures
per currency, rolled up over subsidiaries as the hierarchy is now."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.entrypoints import build_consumer
from customers.service import SERVICE

from .timeline_events import order


@pytest.fixture(scope="module")
def consumer(config):
    return build_consumer(SERVICE, config, consumes=SERVICE.follows)  # the timeline's queue


def summary(client, customer_id: str) -> dict:
    response = client.get(f"/api/v1/customers/{customer_id}/orders-summary")
    assert response.status_code == 200, response.json
    return response.json


def new_customer(client, **fields) -> str:
    return client.post("/api/v1/customers", json={"name": f"shop {uuid.uuid4().hex[:6]}", **fields}).json["id"]


def test_the_same_placement_twice_counts_once(client, consumer):
    cid = new_customer(client)
    placed = order("order.placed", "o-1" + cid, cid, "120.00")
    assert [consumer.process(placed), consumer.process(placed)] == ["applied", "duplicate"]
    own = summary(client, cid)["own"]
    assert own["orders_count"] == 1
    assert own["currencies"] == [{"currency": "EUR", "orders_count": 1, "lifetime_sales_value": "120.00",
                                  "average_order_size": "120.00"}]


def test_the_same_placement_resent_under_a_new_event_id_still_counts_once(client, consumer):
    cid = new_customer(client)
    consumer.process(order("order.placed", "o-2" + cid, cid, "50.00"))
    consumer.process(order("order.placed", "o-2" + cid, cid, "50.00"))
    assert summary(client, cid)["own"]["orders_count"] == 1


def test_a_cancel_before_its_placement_leaves_the_order_cancelled(client, consumer):
    cid = new_customer(client)
    consumer.process(order("order.cancelled", "o-3" + cid, cid, "80.00", occurred_at="2026-01-02T00:00:00Z"))
    consumer.process(order("order.placed", "o-3" + cid, cid, "80.00", occurred_at="2026-01-01T00:00:00Z"))
    own = summary(client, cid)["own"]
    assert (own["orders_count"], own["cancelled_count"], own["currencies"]) == (0, 1, [])


def test_figures_are_per_currency_with_first_and_last_order_and_the_average(client, consumer):
    cid = new_customer(client)
    for number, (total, currency, day) in enumerate([("100.00", "EUR", 3), ("50.00", "EUR", 1), ("10", "USD", 2),
                                                      ("999", "EUR", 4)]):
        consumer.process(order("order.placed", f"o-4-{number}-{cid}", cid, total, currency,
                               f"2026-02-0{day}T10:00:00Z"))
    consumer.process(order("order.refunded", f"o-4-3-{cid}", cid, "999", "EUR", "2026-02-05T10:00:00Z"))
    own = summary(client, cid)["own"]
    assert own["orders_count"] == 3 and own["refunded_count"] == 1
    assert own["first_order_at"].startswith("2026-02-01") and own["last_order_at"].startswith("2026-02-03")
    assert own["currencies"] == [
        {"currency": "EUR", "orders_count": 2, "lifetime_sales_value": "150.00", "average_order_size": "75.00"},
        {"currency": "USD", "orders_count": 1, "lifetime_sales_value": "10", "average_order_size": "10.00"}]


def test_figures_roll_up_over_subsidiaries_and_follow_a_move_at_once(client, consumer):
    group, other = new_customer(client), new_customer(client)
    branch = new_customer(client, parent_id=group)
    consumer.process(order("order.placed", f"o-5a-{group}", group, "100.00"))
    consumer.process(order("order.placed", f"o-5b-{branch}", branch, "40.00"))
    rolled = summary(client, group)["with_subsidiaries"]
    assert (rolled["orders_count"], rolled["currencies"][0]["lifetime_sales_value"]) == (2, "140.00")
    assert summary(client, group)["own"]["orders_count"] == 1
    client.post(f"/api/v1/customers/{branch}/move", json={"parent_id": other})
    assert summary(client, group)["with_subsidiaries"]["orders_count"] == 1
    assert summary(client, other)["with_subsidiaries"]["currencies"][0]["lifetime_sales_value"] == "40.00"


def test_order_events_are_in_the_timeline(client, consumer):
    cid = new_customer(client)
    consumer.process(order("order.placed", f"o-6-{cid}", cid, "12.50", "GBP"))
    [entry] = client.get(f"/api/v1/customers/{cid}/activity?type=order").json["items"]
    assert entry["summary"] == f"Order o-6-{cid} placed: 12.50 GBP"
    assert entry["time"].startswith("2026-01-02T03:04:05")


@pytest.mark.parametrize("bad", [{"total": "12,50"}, {"currency": "EURO"}, {"occurred_at": "yesterday"},
                                 {"customer_id": "nobody"}])
def test_an_order_event_that_breaks_the_contract_fails_instead_of_counting_wrong(client, consumer, bad):
    cid = new_customer(client)
    event = order("order.placed", f"o-7-{cid}", cid)
    broken = type(event)(**{**event.__dict__, "data": {**event.data, **bad}})
    with pytest.raises((ValueError, ArithmeticError)):
        consumer.process(broken)
    assert summary(client, cid)["own"]["orders_count"] == 0


def test_a_customer_user_sees_only_the_roll_up_within_its_reach(client, consumer, people, app):
    from b2b_shared.testing.identity import client_as

    parent = new_customer(client)
    child = new_customer(client, parent_id=parent)
    consumer.process(order("order.placed", f"o-8a-{parent}", parent, "10.00"))
    consumer.process(order("order.placed", f"o-8b-{child}", child, "20.00"))
    department = client_as(app, people.customer_user(parent, [
        {"resource": "customer", "action": "VIEW", "access_level": "DEPARTMENT"}]))
    rolled = department.get(f"/api/v1/customers/{parent}/orders-summary").json["with_subsidiaries"]
    assert rolled["orders_count"] == 1


def test_a_placement_and_its_cancel_in_one_batch_come_out_as_one_cancelled_order(client, consumer):
    cid = new_customer(client)
    batch = [order("order.cancelled", f"o-9-{cid}", cid, "1.00", occurred_at="2026-01-03T00:00:00Z"),
             order("order.placed", f"o-9-{cid}", cid, "70.00", occurred_at="2026-01-02T00:00:00Z"),
             order("order.placed", f"o-10-{cid}", cid, "30.00")]
    consumer._apply(batch)  # as the consumer applies a backlog: one transaction for the batch
    own = summary(client, cid)["own"]
    assert (own["orders_count"], own["cancelled_count"]) == (1, 1)
    assert own["currencies"][0]["lifetime_sales_value"] == "30.00"
