"""Payment terms and tax codes: CRUD, one assignment per target, and the effective one with its
source - the customer's own, else (its fallback `parent_customer`) its parent's, else its group's,
else none. A customer's own tax code is the customer record's `tax_code`, from its events."""
from __future__ import annotations

import uuid


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


def test_a_customer_falling_back_to_its_parent_inherits_its_parents_term_before_its_groups(
        api, client, tell, customer_id, group_id):
    parent = uuid.uuid4()
    tell("customer.created", parent, 1)
    tell("customer.created", customer_id, 1, group_id=group_id, parent_id=parent)
    for label, level, target in (("Net 60", "customer", parent), ("Net 30", "customer_group", group_id)):
        term = api.post("/api/v1/payment-terms", {"label": label, "net_days": 30})
        api.post("/api/v1/payment-term-assignments", {"payment_term_id": term["id"], "level": level,
                                                      "target_id": str(target)})
    assert effective(client, "payment-terms", customer_id)["source"] == "customer_group"
    client.put(f"/api/v1/price-list-assignments/fallbacks/customer/{customer_id}", json={"fallback": "parent_customer"},
               headers={"If-Match": '"0"'})
    found = effective(client, "payment-terms", customer_id)
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


def test_the_customer_records_tax_code_is_the_effective_one_and_follows_its_events(api, client, tell, customer_id,
                                                                                   group_id, unique):
    exempt = api.post("/api/v1/tax-codes", {"code": f"EXEMPT-{unique}"})
    client.post("/api/v1/tax-codes", json={"code": "STANDARD", "description": "Standard rate"})  # 409 if there: fine
    api.post("/api/v1/tax-codes/assignments", {"tax_code_id": exempt["id"], "level": "customer_group",
                                               "target_id": str(group_id)})
    tell("customer.created", customer_id, 1, group_id=group_id)
    assert effective(client, "tax-codes", customer_id)["tax_code"]["code"] == f"EXEMPT-{unique}"
    tell("customer.updated", customer_id, 2, group_id=group_id, tax_code="STANDARD")  # set on the customer
    found = effective(client, "tax-codes", customer_id)
    assert (found["tax_code"]["code"], found["tax_code"]["description"], found["source"]) == (
        "STANDARD", "Standard rate", "customer")
    tell("customer.updated", customer_id, 3, group_id=group_id, tax_code=f"UNLISTED-{unique}")
    found = effective(client, "tax-codes", customer_id)
    assert (found["tax_code"]["code"], found["tax_code"]["id"], found["source"]) == (
        f"UNLISTED-{unique}", None, "customer")


def test_a_customer_level_tax_code_is_refused_here_with_where_it_lives(api, client, customer_id, unique):
    code = api.post("/api/v1/tax-codes", {"code": f"STD-{unique}"})
    response = client.post("/api/v1/tax-codes/assignments", json={"tax_code_id": code["id"], "level": "customer",
                                                                  "target_id": str(customer_id)})
    assert response.status_code == 422 and "customers service" in response.json["errors"]["level"][0]


def test_a_term_or_code_assigned_to_a_customer_or_group_pricing_does_not_know_is_a_field_error(api, client, unique):
    term = api.post("/api/v1/payment-terms", {"label": "Net 30", "net_days": 30})
    code = api.post("/api/v1/tax-codes", {"code": f"STD-{unique}"})
    for url, body in (("/api/v1/payment-term-assignments", {"payment_term_id": term["id"], "level": "customer"}),
                      ("/api/v1/payment-term-assignments", {"payment_term_id": term["id"], "level": "customer_group"}),
                      ("/api/v1/tax-codes/assignments", {"tax_code_id": code["id"], "level": "customer_group"})):
        response = client.post(url, json={**body, "target_id": str(uuid.uuid4())})
        assert (response.status_code, list(response.json["errors"])) == (422, ["target_id"]), response.json


def test_the_effective_term_of_a_customer_pricing_does_not_know_is_not_found(client):
    for what in ("payment-terms", "tax-codes"):
        assert client.get(f"/api/v1/{what}/effective?customer_id={uuid.uuid4()}").status_code == 404
