"""No write accepts a reference to nothing: the customers and groups a write names are checked
against pricing's read model (customer.* and customer_group.* events); and a customer or group
deleted by its event takes its assignments with it, each deletion announced in the outbox."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.testing.batches import outbox_data


def field_errors(response) -> tuple[int, list[str]]:
    return response.status_code, sorted((response.json or {}).get("errors", {}))


@pytest.mark.parametrize("level", ["customer", "customer_group"])
def test_a_price_list_assigned_to_a_customer_or_group_pricing_does_not_know_is_a_field_error(api, client, level):
    list_id = api.price_list()["id"]
    response = client.post("/api/v1/price-list-assignments", json={"price_list_id": list_id, "level": level,
                                                                   "target_id": str(uuid.uuid4())})
    assert field_errors(response) == (422, ["target_id"])


def test_an_unknown_list_and_an_unknown_customer_are_reported_together(client):
    response = client.post("/api/v1/price-list-assignments", json={
        "price_list_id": str(uuid.uuid4()), "level": "customer", "target_id": str(uuid.uuid4())})
    assert field_errors(response) == (422, ["price_list_id", "target_id"])


def test_a_balance_entry_or_credit_limit_for_a_customer_pricing_does_not_know_is_a_field_error(client):
    stranger = uuid.uuid4()
    posted = client.post(f"/api/v1/balances/{stranger}/store_credit/entries",
                         json={"amount": "5.00", "currency": "EUR"}, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert field_errors(posted) == (422, ["customer_id"])
    limited = client.put(f"/api/v1/balances/{stranger}/on_account/credit-limit",
                         json={"credit_limit": "100", "currency": "EUR"}, headers={"If-Match": '"0"'})
    assert field_errors(limited) == (422, ["customer_id"])


def test_resolving_for_a_customer_pricing_does_not_know_is_not_found(client):
    response = client.post("/api/v1/prices/resolve", json={"customer_id": str(uuid.uuid4()), "currency": "EUR",
                                                           "items": [{"sku": "X"}]})
    assert response.status_code == 404


def test_a_fallback_for_a_customer_pricing_does_not_know_is_not_found(client):
    url = f"/api/v1/price-list-assignments/fallbacks/customer/{uuid.uuid4()}"
    assert client.put(url, json={"fallback": "this_level_only"}, headers={"If-Match": '"0"'}).status_code == 404


def test_a_deleted_customer_takes_its_assignments_with_it_and_says_so(api, client, db, tell, customer_id, unique):
    list_id = api.price_list()["id"]
    assignment = api.assign(list_id, "customer", customer_id)
    term = api.post("/api/v1/payment-terms", {"label": "Net 30", "net_days": 30})
    term_assignment = api.post("/api/v1/payment-term-assignments", {
        "payment_term_id": term["id"], "level": "customer", "target_id": str(customer_id)})
    tell("customer.deleted", customer_id, 2, deleted=True)
    for url in (f"/api/v1/price-list-assignments/{assignment['id']}",
                f"/api/v1/payment-term-assignments/{term_assignment['id']}"):
        assert client.get(url).status_code == 404
    [gone] = outbox_data(db, "price_list_assignment.deleted", assignment["id"])
    assert (gone["target_id"], gone["deleted"], gone["version"]) == (str(customer_id), True, 2)
    assert outbox_data(db, "payment_term_assignment.deleted", term_assignment["id"])[0]["deleted"] is True
    refused = client.post("/api/v1/price-list-assignments", json={"price_list_id": list_id, "level": "customer",
                                                                  "target_id": str(customer_id)})
    assert field_errors(refused) == (422, ["target_id"])


def test_a_deleted_group_takes_its_assignments_with_it_once_and_a_late_event_does_not_revive_it(
        api, client, db, tell_group, group_id, unique):
    tell_group("customer_group.created", group_id, 1)
    assignment = api.assign(api.price_list()["id"], "customer_group", group_id)
    code = api.post("/api/v1/tax-codes", {"code": f"G-{unique}"})
    code_assignment = api.post("/api/v1/tax-codes/assignments", {
        "tax_code_id": code["id"], "level": "customer_group", "target_id": str(group_id)})
    tell_group("customer_group.deleted", group_id, 3, deleted=True)
    tell_group("customer_group.deleted", group_id, 3, deleted=True)  # the same state again: nothing more
    tell_group("customer_group.updated", group_id, 2)  # late and older: the tombstone stays
    assert client.get(f"/api/v1/price-list-assignments/{assignment['id']}").status_code == 404
    assert len(outbox_data(db, "price_list_assignment.deleted", assignment["id"])) == 1
    assert len(outbox_data(db, "tax_code_assignment.deleted", code_assignment["id"])) == 1
    refused = client.post("/api/v1/payment-term-assignments", json={
        "payment_term_id": api.post("/api/v1/payment-terms", {"label": "Net 7", "net_days": 7})["id"],
        "level": "customer_group", "target_id": str(group_id)})
    assert field_errors(refused) == (422, ["target_id"])
