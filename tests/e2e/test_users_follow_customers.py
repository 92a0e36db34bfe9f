"""Across services: users-roles learns of customers from customer.* events alone, and answers
sign-in and authorization through the gateway."""
from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.e2e


def eventually(action, accept, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        result = action()
        if accept(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def roles_by_name(admin) -> dict[str, str]:
    items = admin.get("/api/v1/roles?limit=500", timeout=5).json()["items"]
    return {role["name"]: role["id"] for role in items if role["customer_id"] is None}


def test_a_user_of_a_new_customer_signs_in_and_is_authorised_within_its_company(admin, unique):
    parent = admin.post("/api/v1/customers", json={"name": f"Parent {unique}"}, timeout=5).json()
    child = admin.post("/api/v1/customers", json={"name": f"Child {unique}", "parent_id": parent["id"]},
                          timeout=5).json()
    user = {"customer_id": parent["id"], "email": f"amanda.{unique}@example.com", "password": "correct horse battery",
            "first_name": "Amanda", "last_name": "Smith", "role_ids": [roles_by_name(admin)["ADMINISTRATOR"]]}
    # The customer reaches users-roles by event, a few milliseconds after it was created.
    created = eventually(lambda: admin.post("/api/v1/customer-users", json=user, timeout=5),
                         lambda response: response.status_code == 201)
    assert created.status_code == 201, created.text

    token = admin.post("/api/v1/auth/token", json={"email": user["email"], "password": user["password"]},
                          timeout=5)
    assert token.status_code == 200
    assert token.json()["access_token"].count(".") == 2

    def check(owner):
        body = {"user_id": created.json()["id"], "resource": "customer", "action": "VIEW", "owner_customer_id": owner}
        return admin.post("/api/v1/authz/check", json=body, timeout=5).json()

    assert check(child["id"])["allowed"] is True  # the administrator's CORPORATE reach includes subsidiaries
    sibling = admin.post("/api/v1/customers", json={"name": f"Other {unique}"}, timeout=5).json()
    assert check(sibling["id"])["allowed"] is False


def test_a_customer_made_inactive_disables_its_users(admin, unique):
    customer = admin.post("/api/v1/customers", json={"name": f"Closing {unique}"}, timeout=5).json()
    user = {"customer_id": customer["id"], "email": f"leaving.{unique}@example.com", "password": "correct horse battery",
            "first_name": "Lee", "last_name": "Ving"}
    created = eventually(lambda: admin.post("/api/v1/customer-users", json=user, timeout=5),
                         lambda response: response.status_code == 201).json()
    admin.patch(f"/api/v1/customers/{customer['id']}", json={"status": "inactive"},
                   headers={"If-Match": '"1"'}, timeout=5)
    read = eventually(lambda: admin.get(f"/api/v1/customer-users/{created['id']}", timeout=5).json(),
                      lambda body: body["enabled"] is False)
    assert read["enabled"] is False
