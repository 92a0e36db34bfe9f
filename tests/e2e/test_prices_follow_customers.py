"""Across services: pricing learns a customer's group from customer.* events and resolves the
group's price list for it, through the gateway."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.e2e


def post(admin, path: str, body: dict) -> dict:
    response = admin.post(path, json=body, timeout=5)
    assert response.status_code in (200, 201), response.text
    return response.json()


def resolve(admin, customer_id: str) -> dict:
    body = {"customer_id": customer_id, "currency": "EUR", "items": [{"sku": "SKU-1", "unit": "item", "quantity": "12"}]}
    deadline = time.monotonic() + 10  # a customer is 404 to pricing until its customer.created arrives
    while (response := admin.post("/api/v1/prices/resolve", json=body, timeout=5)).status_code == 404 \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert response.status_code == 200, response.text
    return response.json()["items"][0]


def test_a_customer_moved_into_a_group_gets_the_groups_tier_price(admin, unique):
    group = post(admin, "/api/v1/customer-groups", {"name": "Wholesale", "code": f"wholesale-{unique}"})
    price_list = post(admin, "/api/v1/price-lists", {"name": f"Wholesale {unique}", "currencies": ["EUR"]})
    post(admin, f"/api/v1/price-lists/{price_list['id']}/prices",
         [{"sku": "SKU-1", "unit": "item", "currency": "EUR", "quantity": "1", "value": "10.00"},
          {"sku": "SKU-1", "unit": "item", "currency": "EUR", "quantity": "10", "value": "8.50"}])
    assignment = {"price_list_id": price_list["id"], "level": "customer_group", "target_id": group["id"], "priority": 1}
    deadline = time.monotonic() + 10  # pricing refuses a group it has not heard of yet (422) until its event arrives
    while (assigned := admin.post("/api/v1/price-list-assignments", json=assignment, timeout=5)).status_code == 422 \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert assigned.status_code == 201, assigned.text
    customer = post(admin, "/api/v1/customers", {"name": f"Buyer {unique}"})
    assert resolve(admin, customer["id"])["price"] is None

    admin.patch(f"/api/v1/customers/{customer['id']}", json={"group_id": group["id"]},
                   headers={"If-Match": '"1"'}, timeout=5)
    deadline = time.monotonic() + 10
    while (item := resolve(admin, customer["id"]))["price"] is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert item["price"] == "8.50"
    assert item["price_list_id"] == price_list["id"]
    assert item["level"] == "customer_group"
