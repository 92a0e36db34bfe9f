"""Across services: pricing learns a customer's group from customer.* events and resolves the
group's price list for it, through the gateway."""
from __future__ import annotations

import time

import pytest
import requests

pytestmark = pytest.mark.e2e


def post(suite, path: str, body: dict) -> dict:
    response = requests.post(suite.url(path), json=body, timeout=5)
    assert response.status_code in (200, 201), response.text
    return response.json()


def resolve(suite, customer_id: str) -> dict:
    body = {"customer_id": customer_id, "currency": "EUR", "items": [{"sku": "SKU-1", "unit": "item", "quantity": "12"}]}
    return post(suite, "/api/v1/prices/resolve", body)["items"][0]


def test_a_customer_moved_into_a_group_gets_the_groups_tier_price(suite, unique):
    group = post(suite, "/api/v1/customer-groups", {"name": "Wholesale", "code": f"wholesale-{unique}"})
    price_list = post(suite, "/api/v1/price-lists", {"name": f"Wholesale {unique}", "currencies": ["EUR"]})
    post(suite, f"/api/v1/price-lists/{price_list['id']}/prices",
         [{"sku": "SKU-1", "unit": "item", "currency": "EUR", "quantity": "1", "value": "10.00"},
          {"sku": "SKU-1", "unit": "item", "currency": "EUR", "quantity": "10", "value": "8.50"}])
    post(suite, "/api/v1/price-list-assignments",
         {"price_list_id": price_list["id"], "level": "customer_group", "target_id": group["id"], "priority": 1})
    customer = post(suite, "/api/v1/customers", {"name": f"Buyer {unique}"})
    assert resolve(suite, customer["id"])["price"] is None

    requests.patch(suite.url(f"/api/v1/customers/{customer['id']}"), json={"group_id": group["id"]},
                   headers={"If-Match": '"1"'}, timeout=5)
    deadline = time.monotonic() + 10
    while (item := resolve(suite, customer["id"]))["price"] is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert item["price"] == "8.50"
    assert item["price_list_id"] == price_list["id"]
    assert item["level"] == "customer_group"
