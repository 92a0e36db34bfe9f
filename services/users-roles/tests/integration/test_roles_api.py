"""/api/v1/roles: predefined roles, labels unique per customer, self-managed roles, escalation."""
from __future__ import annotations

import pytest

VIEW_BALANCE = {"resource": "balance", "action": "VIEW", "access_level": "DEPARTMENT"}


@pytest.fixture
def admin(suite):
    customer = suite.customer()
    roles = suite.client.get(f"/api/v1/roles?customer_id={customer}").json["items"]
    administrator = next(r for r in roles if r["name"] == "ADMINISTRATOR")
    user = suite.user(customer, [administrator["id"]])
    return {"customer": customer, "headers": suite.bearer(user["email"])}


def test_the_predefined_global_roles_are_seeded(client):
    names = {role["name"] for role in client.get("/api/v1/roles?limit=500").json["items"] if not role["customer_id"]}
    assert {"ADMINISTRATOR", "BUYER", "ANONYMOUS"} <= names


def test_a_label_is_unique_per_customer_but_two_customers_may_share_it(suite):
    first, second = suite.customer(), suite.customer()
    body = {"label": "Approver", "permissions": [VIEW_BALANCE]}
    assert suite.client.post("/api/v1/roles", json={**body, "customer_id": str(first)}).status_code == 201
    assert suite.client.post("/api/v1/roles", json={**body, "customer_id": str(second)}).status_code == 201
    duplicate = suite.client.post("/api/v1/roles", json={**body, "customer_id": str(first)})
    assert duplicate.status_code == 409
    assert "label" in duplicate.json["errors"] or "name" in duplicate.json["errors"]


def test_a_customer_administrator_manages_self_managed_roles_of_its_customer(suite, admin):
    body = {"label": "Approver", "customer_id": str(admin["customer"]), "permissions": [VIEW_BALANCE]}
    created = suite.client.post("/api/v1/roles", json=body, headers=admin["headers"])
    assert created.status_code == 201 and created.json["self_managed"] is True
    url = f"/api/v1/roles/{created.json['id']}"
    changed = suite.client.patch(url, json={"label": "Approver 2"}, headers={**admin["headers"], "If-Match": '"1"'})
    assert changed.status_code == 200 and changed.json["version"] == 2


def test_a_customer_administrator_cannot_change_global_roles_or_other_customers_roles(suite, admin):
    buyer = next(r for r in suite.client.get("/api/v1/roles?limit=500").json["items"] if r["name"] == "BUYER")
    headers = {**admin["headers"], "If-Match": f'"{buyer["version"]}"'}
    assert suite.client.patch(f"/api/v1/roles/{buyer['id']}", json={"label": "X"}, headers=headers).status_code == 403
    body = {"label": "Sneaky", "customer_id": str(suite.customer()), "permissions": []}
    assert suite.client.post("/api/v1/roles", json=body, headers=admin["headers"]).status_code == 422  # as if unknown


def test_a_role_cannot_grant_more_than_its_author_holds(suite, admin):
    body = {"label": "Importer", "customer_id": str(admin["customer"]),
            "permissions": [{"resource": "import_job", "action": "DELETE", "access_level": "CORPORATE"}]}
    assert suite.client.post("/api/v1/roles", json=body, headers=admin["headers"]).status_code == 403


def test_a_role_that_users_hold_cannot_be_deleted_until_it_is_free(suite):
    customer = suite.customer()
    role = suite.role(customer, [VIEW_BALANCE])
    user = suite.user(customer, [role["id"]])
    url = f"/api/v1/roles/{role['id']}"
    assert suite.client.delete(url, headers={"If-Match": '"1"'}).status_code == 409
    suite.client.patch(f"/api/v1/customer-users/{user['id']}", json={"role_ids": []}, headers={"If-Match": '"1"'})
    assert suite.client.delete(url, headers={"If-Match": '"1"'}).status_code == 204


def test_predefined_roles_cannot_be_deleted(client):
    buyer = next(r for r in client.get("/api/v1/roles?limit=500").json["items"] if r["name"] == "BUYER")
    response = client.delete(f"/api/v1/roles/{buyer['id']}", headers={"If-Match": f'"{buyer["version"]}"'})
    assert response.status_code == 409


def test_an_unknown_access_level_is_a_validation_error(client):
    body = {"label": "Bad", "permissions": [{"resource": "balance", "action": "VIEW", "access_level": "GALAXY"}]}
    assert client.post("/api/v1/roles", json=body).status_code == 422
