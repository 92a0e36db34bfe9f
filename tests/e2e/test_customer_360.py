"""Through the gateway: the activity timeline built from events across the suite, orders from
another team applied once, roll-ups after a move, and the customer 360 view, also with the pricing
service stopped (issue 11, part B)."""
from __future__ import annotations

import json
import time
import uuid

import pika
import pytest
from b2b_shared.messaging.envelope import make_envelope, to_json
from gateway.app import create_app
from gateway.config import GatewayConfig
from gateway.testing.serving import served
from gateway.testing.upstreams import closed_port_url

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"
NAMES = {"first_name": "Amanda", "last_name": "Smith"}


def eventually(action, accept, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not accept(result := action()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


def created(response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


def activity(admin, customer_id: str, query: str = "") -> list[dict]:
    response = admin.get(f"/api/v1/customers/{customer_id}/activity{query}")
    assert response.status_code == 200, response.text
    return response.json()["items"]


def send_orders(suite, *events: dict) -> None:
    """As another team's order service would: CloudEvents on b2b.events, routing key = type."""
    connection = pika.BlockingConnection(pika.URLParameters(suite.env["AMQP_URL"]))
    channel = connection.channel()
    for envelope in events:
        channel.basic_publish(suite.env["EVENTS_EXCHANGE"], envelope["type"], to_json(envelope).encode(),
                              pika.BasicProperties(delivery_mode=2, content_type="application/cloudevents+json"))
    connection.close()


def order_event(kind: str, order_id: str, customer_id: str, total: str, currency: str = "EUR") -> dict:
    data = {"order_id": order_id, "customer_id": customer_id, "total": total, "currency": currency,
            "occurred_at": "2026-05-01T12:00:00Z"}
    return make_envelope(f"order.{kind}", "/shop/orders", order_id, data, None)


def test_a_change_is_in_the_timeline_within_a_second_with_the_fields_it_changed(admin, unique):
    cid = created(admin.post("/api/v1/customers", json={"name": f"Timely {unique}"}))["id"]
    changed = admin.patch(f"/api/v1/customers/{cid}", json={"email": f"t{unique}@example.com"},
                          headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    started = time.monotonic()
    items = eventually(lambda: activity(admin, cid), lambda items: len(items) == 2, timeout=5)
    assert time.monotonic() - started < 1.0
    assert [item["type"] for item in items] == ["customer.updated", "customer.created"]
    assert items[0]["details"]["changed_fields"] == ["email"]


def test_order_events_delivered_twice_count_once_and_roll_up_after_a_move(suite, admin, unique):
    group = created(admin.post("/api/v1/customers", json={"name": f"Group {unique}"}))["id"]
    other = created(admin.post("/api/v1/customers", json={"name": f"Other {unique}"}))["id"]
    branch = created(admin.post("/api/v1/customers", json={"name": f"Branch {unique}", "parent_id": group}))["id"]
    placed = order_event("placed", f"A-{unique}", branch, "250.00")
    cancel_first = order_event("cancelled", f"B-{unique}", group, "90.00")
    send_orders(suite, placed, placed, cancel_first, order_event("placed", f"B-{unique}", group, "90.00"),
                order_event("placed", f"C-{unique}", group, "50.00"))
    # The timeline's queue may still be working through what earlier tests of the session made.
    summary = eventually(lambda: admin.get(f"/api/v1/customers/{group}/orders-summary").json(),
                         lambda body: (body["own"]["orders_count"], body["with_subsidiaries"]["orders_count"]) == (1, 2),
                         timeout=30)
    assert summary["own"]["orders_count"] == 1 and summary["own"]["cancelled_count"] == 1
    assert summary["with_subsidiaries"]["currencies"] == [
        {"currency": "EUR", "orders_count": 2, "lifetime_sales_value": "300.00", "average_order_size": "150.00"}]
    assert admin.post(f"/api/v1/customers/{branch}/move", json={"parent_id": other}).status_code == 200
    assert admin.get(f"/api/v1/customers/{group}/orders-summary").json()["with_subsidiaries"]["orders_count"] == 1
    moved = admin.get(f"/api/v1/customers/{other}/orders-summary").json()["with_subsidiaries"]
    assert moved["currencies"][0]["lifetime_sales_value"] == "250.00"
    assert len(activity(admin, branch, "?type=order")) == 1  # the repeat made no second entry


def test_price_lists_and_users_of_other_services_are_in_the_timeline(admin, unique):
    cid = created(admin.post("/api/v1/customers", json={"name": f"Cross {unique}"}))["id"]
    price_list = created(admin.post("/api/v1/price-lists", json={"name": f"PL {unique}", "currencies": ["EUR"]}))
    # pricing refuses a customer it has not heard of yet (422) until its customer.created arrives
    assigned = eventually(lambda: admin.post("/api/v1/price-list-assignments", json={
        "price_list_id": price_list["id"], "level": "customer", "target_id": cid, "priority": 5}),
        lambda response: response.status_code != 422)
    created(assigned)
    user = eventually(lambda: admin.post("/api/v1/customer-users", json={
        "customer_id": cid, "email": f"buyer-{unique}@example.com", "password": PASSWORD, **NAMES}),
        lambda response: response.status_code == 201)
    assert user.status_code == 201, user.text
    items = eventually(lambda: activity(admin, cid), lambda items: len(items) >= 3)
    summaries = {item["type"]: item["summary"] for item in items}
    assert summaries["price_list_assignment.created"] == f"Price list {price_list['id']} assigned (priority 5)"
    assert summaries["customer_user.created"] == f"User buyer-{unique}@example.com added"


def marked(view: dict) -> dict:
    """The view's sections marked unavailable or refused."""
    return {name: section for name, section in view.items()
            if isinstance(section, dict) and (section.get("unavailable") or section.get("refused"))}


def test_the_360_view_shows_the_customer_and_everything_around_it(admin, unique):
    parent = created(admin.post("/api/v1/customers", json={"name": f"HQ {unique}"}))["id"]
    cid = created(admin.post("/api/v1/customers", json={"name": f"View {unique}", "parent_id": parent}))["id"]
    created(admin.post(f"/api/v1/customers/{cid}/addresses",
                       json={"types": ["billing"], "street": "1 Main St", "city": "Berlin", "country_code": "DE"}))
    eventually(lambda: activity(admin, cid), lambda items: len(items) >= 2)
    # pricing answers for the customer once its customer.created has arrived there too
    view = eventually(lambda: admin.get(f"/api/v1/customer-views/{cid}"),
                      lambda response: response.status_code == 200 and not marked(response.json()))
    assert view.status_code == 200, view.text
    body = view.json()
    assert body["customer"]["name"] == f"View {unique}"
    assert body["parent"]["id"] == parent
    assert body["children"] == {"items": [], "has_more": False}
    assert [address["city"] for address in body["addresses"]["items"]] == ["Berlin"]
    assert body["users"] == {"count": 0, "has_more": False}
    assert body["orders"]["own"]["orders_count"] == 0
    assert {"payment_term", "tax_code", "balances", "price_lists", "contacts"} <= set(body)
    assert marked(body) == {}
    assert [item["type"] for item in body["activity"]["items"]][-1] == "customer.created"


def test_a_customer_user_sees_only_what_its_rights_allow_in_the_view(suite, admin, unique):
    cid = created(admin.post("/api/v1/customers", json={"name": f"Own {unique}"}))["id"]
    roles = admin.get("/api/v1/roles?limit=500").json()["items"]
    buyer = next(role["id"] for role in roles if role["name"] == "BUYER" and role["customer_id"] is None)
    email = f"viewer-{unique}@example.com"
    eventually(lambda: admin.post("/api/v1/customer-users", json={"customer_id": cid, "email": email,
                                                                  "password": PASSWORD, "role_ids": [buyer], **NAMES}),
               lambda response: response.status_code == 201)
    viewer = suite.client(suite.sign_in(email, PASSWORD))
    view = eventually(lambda: viewer.get(f"/api/v1/customer-views/{cid}"), lambda r: r.status_code == 200)
    assert view.status_code == 200, view.text
    body = view.json()
    assert body["customer"]["id"] == cid
    assert body["activity"] == {"refused": True, "status": 403}  # back office only
    other = created(admin.post("/api/v1/customers", json={"name": f"Not yours {unique}"}))["id"]
    assert viewer.get(f"/api/v1/customer-views/{other}").status_code == 404


def test_the_view_marks_a_stopped_service_unavailable_and_shows_the_rest(suite, admin, unique):
    cid = created(admin.post("/api/v1/customers", json={"name": f"Partial {unique}"}))["id"]
    urls = {name: suite.env[f"{name.upper().replace('-', '_')}_URL"] for name in ("customers", "users-roles", "import")}
    config = GatewayConfig(service_urls={**urls, "pricing": closed_port_url()},  # pricing stopped
                           jwks_url=f"{urls['users-roles']}/.well-known/jwks.json",
                           ratelimit_key_prefix=f"e2e-view-{uuid.uuid4().hex[:8]}")
    with served(create_app(config)) as gateway:
        response = admin.session.get(f"{gateway}/api/v1/customer-views/{cid}", timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    for section in ("payment_term", "tax_code", "balances", "price_lists"):
        assert body[section] == {"unavailable": True}, (section, json.dumps(body[section]))
    assert body["customer"]["id"] == cid and body["users"]["count"] == 0
