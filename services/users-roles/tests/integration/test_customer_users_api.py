"""/api/v1/customer-users and /api/v1/staff-users: validation, uniqueness, ETags, and who may
manage whom (a customer's administrator manages its own customer and subsidiaries only)."""
from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def company(suite):
    """A parent with a subsidiary, its administrator, and another company."""
    parent = suite.customer()
    subsidiary = suite.customer(parent)
    admin_role = suite.client.get("/api/v1/roles?customer_id=" + str(parent)).json["items"]
    administrator = next(r for r in admin_role if r["name"] == "ADMINISTRATOR")
    admin = suite.user(parent, [administrator["id"]])
    return {"parent": parent, "subsidiary": subsidiary, "other": suite.customer(), "admin": admin,
            "headers": suite.bearer(admin["email"])}


def new_user(customer, **fields) -> dict:
    return {"customer_id": str(customer), "email": f"new-{id(fields)}-{customer.hex[:8]}@example.com",
            "password": "correct horse battery", "first_name": "Ann", "last_name": "Lee", **fields}


def test_a_new_user_gets_buyer_by_default_and_reads_back_with_its_etag(suite):
    user = suite.user(suite.customer(), phone="+49 30 1234567")
    assert user["phone"] == "+49301234567"
    response = suite.client.get(f"/api/v1/customer-users/{user['id']}")
    assert response.headers["ETag"] == '"1"'
    role = suite.client.get(f"/api/v1/roles/{response.json['role_ids'][0]}").json
    assert role["name"] == "BUYER"


def test_a_user_needs_an_existing_active_customer(suite):
    inactive = suite.customer(status="inactive")
    for customer_id in (inactive, __import__("uuid").uuid4()):
        response = suite.client.post("/api/v1/customer-users", json=new_user(customer_id))
        assert response.status_code == 422
        assert "customer_id" in response.json["errors"]


def test_emails_are_unique_case_insensitively_across_all_users(suite):
    user = suite.user(suite.customer())
    response = suite.client.post("/api/v1/customer-users", json=new_user(suite.customer(), email=user["email"].upper()))
    assert response.status_code == 409
    assert "email" in response.json["errors"]


def test_patch_needs_if_match_and_a_current_version(suite):
    url = f"/api/v1/customer-users/{suite.user(suite.customer())['id']}"
    assert suite.client.patch(url, json={"first_name": "X"}).status_code == 428
    assert suite.client.patch(url, json={"first_name": "X"}, headers={"If-Match": '"9"'}).status_code == 412
    response = suite.client.patch(url, json={"first_name": "X"}, headers={"If-Match": '"1"'})
    assert response.status_code == 200 and response.json["version"] == 2


def test_a_role_of_another_customer_cannot_be_assigned(suite):
    foreign = suite.role(suite.customer(), [])
    response = suite.client.post("/api/v1/customer-users", json=new_user(suite.customer(), role_ids=[foreign["id"]]))
    assert response.status_code == 422


def test_a_customer_administrator_creates_users_in_its_company_and_subsidiaries(suite, company):
    for customer in (company["parent"], company["subsidiary"]):
        response = suite.client.post("/api/v1/customer-users", json=new_user(customer), headers=company["headers"])
        assert response.status_code == 201, response.json


def test_a_customer_administrator_cannot_touch_another_company_nor_learn_that_it_exists(suite, company):
    response = suite.client.post("/api/v1/customer-users", json=new_user(company["other"]), headers=company["headers"])
    unknown = suite.client.post("/api/v1/customer-users", json=new_user(uuid.uuid4()), headers=company["headers"])
    assert response.status_code == unknown.status_code == 422
    assert response.json["errors"] == unknown.json["errors"]
    stranger = suite.user(company["other"])
    assert suite.client.get(f"/api/v1/customer-users/{stranger['id']}", headers=company["headers"]).status_code == 404


def test_a_customer_administrator_cannot_assign_a_role_that_is_not_self_managed(suite, company):
    locked = suite.role(company["parent"], [], self_managed=False)
    body = new_user(company["parent"], role_ids=[locked["id"]])
    assert suite.client.post("/api/v1/customer-users", json=body, headers=company["headers"]).status_code == 403


def test_a_buyer_may_read_itself_but_not_its_colleagues(suite):
    customer = suite.customer()
    buyer, colleague = suite.user(customer), suite.user(customer)
    headers = suite.bearer(buyer["email"])
    assert suite.client.get(f"/api/v1/customer-users/{buyer['id']}", headers=headers).status_code == 200
    assert suite.client.get(f"/api/v1/customer-users/{colleague['id']}", headers=headers).status_code == 404


def test_staff_users_are_managed_by_staff_only(suite, company, config):
    body = {"email": "rep-x@example.com", "password": "correct horse battery", "first_name": "S", "last_name": "R",
            "staff_roles": ["sales_representative"]}
    assert suite.client.post("/api/v1/staff-users", json=body, headers=company["headers"]).status_code == 403
    staff = suite.bearer(config.bootstrap_admin_email)
    created = suite.client.post("/api/v1/staff-users", json=body, headers=staff)
    assert created.status_code == 201 and "password" not in created.json
    # A staff user is not a customer user, and the other way round.
    assert suite.client.get(f"/api/v1/customer-users/{created.json['id']}").status_code == 404


def test_a_deleted_user_is_gone(suite):
    user = suite.user(suite.customer())
    url = f"/api/v1/customer-users/{user['id']}"
    assert suite.client.delete(url, headers={"If-Match": '"1"'}).status_code == 204
    assert suite.client.get(url).status_code == 404


def test_customer_users_are_found_by_part_of_their_email_or_name_in_any_case(suite):
    customer = suite.customer()
    marker = uuid.uuid4().hex[:8]
    named = suite.user(customer, first_name=f"Zoë{marker}", last_name="Brandt")
    mailed = suite.user(customer, email=f"buyer-{marker}@example.com")
    suite.user(customer)

    def found(q: str) -> set[str]:
        items = suite.client.get("/api/v1/customer-users", query_string={"customer_id": str(customer), "q": q}).json["items"]
        return {item["id"] for item in items}

    assert found(f"zoË{marker}") == {named["id"]}
    assert found(f"BUYER-{marker}") == {mailed["id"]}
    assert found("100%_") == set()
