"""Payment terms and tax codes: CRUD, one assignment per target, and the effective one with its
source - the customer's own, else (option) its parent's, else its group's, else none."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.testing.identity import client_as
from pricing.app import create_app


@pytest.fixture(scope="module")
def inheriting_client(config, admin_headers):
    """The same database served with the inherit-from-parent option on."""
    return client_as(create_app(config.with_(inherit_parent=True)), admin_headers)


def effective(client, what: str, customer_id) -> dict:
    response = client.get(f"/api/v1/{what}/effective?customer_id={customer_id}")
    assert response.status_code == 200, response.json
    return response.json


def test_the_effective_payment_term_falls_back_from_customer_to_group_to_none(api, client, tell, customer_id, group_id):
    tell("customer.created", customer_id, 1, group_id=group_id)
    assert effective(client, "payment-terms", customer_id) == {"customer_id": str(customer_id), "payment_term": None,
                                                                "source": None}
    net30 = api.post("/api/v1/payment-terms", {"label": "Net 30", "net_days": 30})
    api.post("/api/v1/payment-term-assignments", {"payment_term_id": net30["id"], "level": "customer_group",
                                                  "target_id": str(group_id)})
    found = effective(client, "payment-terms", customer_id)
    assert (found["payment_term"]["label"], found["source"]) == ("Net 30", "customer_group")
    due = api.post("/api/v1/payment-terms", {"label": "Due on receipt", "net_days": 0})
    api.post("/api/v1/payment-term-assignments", {"payment_term_id": due["id"], "level": "customer",
                                                  "target_id": str(customer_id)})
    found = effective(client, "payment-terms", customer_id)
    assert (found["payment_term"]["net_days"], found["source"]) == (0, "customer")


def test_with_the_option_a_customer_inherits_its_parents_term_before_its_groups(
        api, client, inheriting_client, tell, customer_id, group_id):
    parent = uuid.uuid4()
    tell("customer.created", parent, 1)
    tell("customer.created", customer_id, 1, group_id=group_id, parent_id=parent)
    for label, level, target in (("Net 60", "customer", parent), ("Net 30", "customer_group", group_id)):
        term = api.post("/api/v1/payment-terms", {"label": label, "net_days": 30})
        api.post("/api/v1/payment-term-assignments", {"payment_term_id": term["id"], "level": level,
                                                      "target_id": str(target)})
    assert effective(client, "payment-terms", customer_id)["source"] == "customer_group"
    found = effective(inheriting_client, "payment-terms", customer_id)
    assert (found["payment_term"]["label"], found["source"]) == ("Net 60", "parent_customer")


def test_a_target_has_one_payment_term_and_an_assigned_term_cannot_be_deleted(api, client, customer_id):
    term = api.post("/api/v1/payment-terms", {"label": "Net 15", "net_days": 15})
    body = {"payment_term_id": term["id"], "level": "customer", "target_id": str(customer_id)}
    assignment = api.post("/api/v1/payment-term-assignments", body)
    assert client.post("/api/v1/payment-term-assignments", json=body).status_code == 409
    assert client.delete(f"/api/v1/payment-terms/{term['id']}", headers={"If-Match": '"1"'}).status_code == 409
    url = f"/api/v1/payment-term-assignments/{assignment['id']}"
    assert client.delete(url, headers={"If-Match": '"1"'}).status_code == 204
    assert client.delete(f"/api/v1/payment-terms/{term['id']}", headers={"If-Match": '"1"'}).status_code == 204


def test_negative_net_days_and_an_unknown_term_are_field_errors(client, customer_id):
    assert "net_days" in client.post("/api/v1/payment-terms", json={"label": "X", "net_days": -1}).json["errors"]
    response = client.post("/api/v1/payment-term-assignments", json={
        "payment_term_id": str(uuid.uuid4()), "level": "customer", "target_id": str(customer_id)})
    assert response.status_code == 422 and "payment_term_id" in response.json["errors"]


def test_the_effective_tax_code_follows_the_same_fallback(api, client, tell, customer_id, group_id, unique):
    tell("customer.created", customer_id, 1, group_id=group_id)
    code = api.post("/api/v1/tax-codes", {"code": f"EXEMPT-{unique}", "description": "Tax exempt"})
    assert api.client.post("/api/v1/tax-codes", json={"code": f"EXEMPT-{unique}"}).status_code == 409
    api.post("/api/v1/tax-codes/assignments", {"tax_code_id": code["id"], "level": "customer_group",
                                               "target_id": str(group_id)})
    found = effective(client, "tax-codes", customer_id)
    assert (found["tax_code"]["code"], found["source"]) == (f"EXEMPT-{unique}", "customer_group")
