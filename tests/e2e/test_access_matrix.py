"""Every operation of every service, as the merged OpenAPI document at the gateway lists them,
tried by an anonymous caller and by a customer user of another company (docs/architecture.md, Identity).

Company A (a parent with a subsidiary) and company B are made by the administrator; B's
administrator (role ADMINISTRATOR: CORPORATE on its own company) then uses A's ids everywhere.
"""
from __future__ import annotations

import re
import time
import uuid

import pytest

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"
PATH_PARAMETER = re.compile(r"{([^}]+)}")


def eventually(action, accept, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while not accept(result := action()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def global_role(admin, name: str) -> str:
    roles = admin.get("/api/v1/roles?limit=500").json()["items"]
    return next(role["id"] for role in roles if role["name"] == name and role["customer_id"] is None)


def company_user(suite, admin, customer_id: str, role: str) -> tuple[dict, object]:
    body = {"customer_id": customer_id, "email": f"u-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD,
            "first_name": "Amanda", "last_name": "Smith", "role_ids": [global_role(admin, role)]}
    created = eventually(lambda: admin.post("/api/v1/customer-users", json=body),
                         lambda response: response.status_code == 201)
    assert created.status_code == 201, created.text
    headers = suite.sign_in(body["email"], PASSWORD)
    client = suite.client(headers)
    # The user reaches every service's principal read model by event, a moment after it is made.
    eventually(lambda: client.get(f"/api/v1/customers/{customer_id}"), lambda r: r.status_code == 200)
    return created.json(), client


@pytest.fixture(scope="module")
def world(suite, admin):
    a = admin.post("/api/v1/customers", json={"name": f"A {uuid.uuid4().hex[:6]}"}).json()
    a_child = admin.post("/api/v1/customers", json={"name": "A child", "parent_id": a["id"]}).json()
    b = admin.post("/api/v1/customers", json={"name": f"B {uuid.uuid4().hex[:6]}"}).json()
    a_user, a_client = company_user(suite, admin, a["id"], "ADMINISTRATOR")
    b_user, b_client = company_user(suite, admin, b["id"], "ADMINISTRATOR")
    address = admin.post(f"/api/v1/customers/{a['id']}/addresses",
                         json={"types": ["billing"], "street": "1 Main St", "city": "Berlin", "country_code": "DE"})
    a_ids = {"customer_id": a["id"], "id": a["id"], "user_id": a_user["id"], "address_id": address.json().get("id"),
             "child_id": a_child["id"]}
    return {"a": a, "a_child": a_child, "b": b, "a_user": a_user, "a_client": a_client, "b_client": b_client,
            "a_ids": a_ids}


def operations(admin):
    document = admin.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def is_public(operation) -> bool:
    return operation.get("security") == []


def with_ids(path: str, ids: dict) -> str:
    return PATH_PARAMETER.sub(lambda m: ids.get(m.group(1)) or ids["id"], path)


def test_every_operation_but_the_public_ones_refuses_an_anonymous_caller(suite, admin, world):
    anonymous = suite.client()
    checked = 0
    for path, method, operation in operations(admin):
        if is_public(operation):
            continue
        response = anonymous.request(method.upper(), with_ids(path, world["a_ids"]), json={})
        assert response.status_code == 401, (method, path, response.status_code, response.text[:200])
        assert response.headers["Content-Type"] == "application/problem+json"
        checked += 1
    assert checked > 40


def test_another_companys_user_gets_no_row_and_no_success_with_company_as_ids(admin, world):
    b_client, a_ids = world["b_client"], world["a_ids"]
    foreign = {str(value) for value in a_ids.values() if value}
    for path, method, operation in operations(admin):
        if is_public(operation) or "/auth/" in path:
            continue
        target = with_ids(path, a_ids)
        body = {"customer_id": a_ids["customer_id"], "parent_id": a_ids["customer_id"], "target_id": a_ids["customer_id"],
                "user_id": a_ids["user_id"], "owner_customer_id": a_ids["customer_id"], "name": "x",
                "currency": "EUR", "items": [{"sku": "S", "unit": "item", "quantity": "1"}]}
        response = b_client.request(method.upper(), target, json=body, headers={"If-Match": "*"})
        assert response.status_code < 500, (method, path, response.text[:200])
        if PATH_PARAMETER.search(path):
            assert response.status_code in (403, 404, 405, 409, 422, 428), (method, path, response.status_code)
        if response.ok:
            leaked = [value for value in foreign if value in response.text]
            assert not leaked, (method, path, "shows company A's ids", response.text[:300])


def test_a_list_shows_a_corporate_user_its_company_and_subsidiaries_only(world):
    a_client, a = world["a_client"], world["a"]
    names = {item["id"] for item in a_client.get("/api/v1/customers?limit=500").json()["items"]}
    assert names == {a["id"], world["a_child"]["id"]}
    assert world["b"]["id"] not in a_client.get("/api/v1/customers/export").text


def test_a_customer_user_cannot_write_prices_or_create_staff(world):
    a_client = world["a_client"]
    assert a_client.post("/api/v1/price-lists", json={"name": "Mine", "currencies": ["EUR"]}).status_code == 403
    staff = {"email": f"evil-{uuid.uuid4().hex[:6]}@example.com", "password": PASSWORD, "first_name": "E",
             "last_name": "Vil", "staff_roles": ["administrator"]}
    assert a_client.post("/api/v1/staff-users", json=staff).status_code == 403


def test_a_disabled_users_token_is_refused_everywhere_within_five_seconds(suite, admin, world):
    user, client = company_user(suite, admin, world["b"]["id"], "BUYER")
    assert client.get(f"/api/v1/customers/{world['b']['id']}").status_code == 200
    current = admin.get(f"/api/v1/customer-users/{user['id']}")
    disabled = admin.patch(f"/api/v1/customer-users/{user['id']}", json={"enabled": False},
                           headers={"If-Match": current.headers["ETag"]})
    assert disabled.status_code == 200, disabled.text
    started = time.monotonic()
    for path in (f"/api/v1/customers/{world['b']['id']}", f"/api/v1/customer-users/{user['id']}",
                 f"/api/v1/payment-terms/effective?customer_id={world['b']['id']}"):
        response = eventually(lambda: client.get(path), lambda r: r.status_code == 401, timeout=5)
        assert response.status_code == 401, (path, response.status_code)
    assert time.monotonic() - started < 5


def test_me_says_who_the_caller_is(world):
    me = world["a_client"].get("/api/v1/me")
    assert me.status_code == 200, me.text
    assert me.json()["customer_id"] == world["a"]["id"]
