"""Balances against the real PostgreSQL: idempotent postings, the credit limit under 100
concurrent postings, exact decimal sums, history."""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from b2b_shared.testing.identity import client_as


def post(client, customer_id, ledger: str, amount: str, key: str | None = None, **fields):
    headers = {"Idempotency-Key": key or uuid.uuid4().hex}
    return client.post(f"/api/v1/balances/{customer_id}/{ledger}/entries", json={"amount": amount, **fields},
                       headers=headers)


def set_limit(client, customer_id, limit: str, etag: str = '"0"'):
    response = client.put(f"/api/v1/balances/{customer_id}/on_account/credit-limit",
                          json={"credit_limit": limit, "currency": "EUR"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.json
    return response


def test_a_retried_posting_counts_once_and_returns_the_original_entry(client, customer_id):
    first = post(client, customer_id, "store_credit", "25.00", key="order-1", currency="EUR")
    again = post(client, customer_id, "store_credit", "25.00", key="order-1", currency="EUR")
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert client.get(f"/api/v1/balances/{customer_id}/store_credit").json["balance"] == "25.00"


def test_the_same_key_with_a_different_body_is_refused(client, customer_id):
    post(client, customer_id, "store_credit", "25.00", key=f"k-{customer_id}", currency="EUR")
    response = post(client, customer_id, "store_credit", "26.00", key=f"k-{customer_id}", currency="EUR")
    assert response.status_code == 422 and "Idempotency-Key" in response.json["errors"]


def test_a_posting_without_an_idempotency_key_is_refused(client, customer_id):
    response = client.post(f"/api/v1/balances/{customer_id}/store_credit/entries",
                           json={"amount": "1", "currency": "EUR"})
    assert response.status_code == 422


def test_a_charge_past_the_credit_limit_is_a_conflict(client, customer_id):
    set_limit(client, customer_id, "100.00")
    assert post(client, customer_id, "on_account", "-60", currency="EUR").status_code == 201
    assert post(client, customer_id, "on_account", "-40.01", currency="EUR").status_code == 409
    account = client.get(f"/api/v1/balances/{customer_id}/on_account").json
    assert (account["balance"], account["available"]) == ("-60", "40.00")


def test_store_credit_cannot_go_below_zero(client, customer_id):
    assert post(client, customer_id, "store_credit", "-0.01", currency="EUR").status_code == 409


def test_100_concurrent_charges_never_pass_the_credit_limit_and_sum_exactly(app, admin_headers, client, customer_id):
    set_limit(client, customer_id, "500.00")

    def charge(n: int) -> int:
        return post(client_as(app, admin_headers), customer_id, "on_account", "-7.01", key=f"{customer_id}-{n}",
                    currency="EUR").status_code

    with ThreadPoolExecutor(max_workers=100) as pool:
        statuses = list(pool.map(charge, range(100)))
    accepted = statuses.count(201)
    assert accepted == 71 and statuses.count(409) == 29  # 71 x 7.01 = 497.71; one more would pass 500
    account = client.get(f"/api/v1/balances/{customer_id}/on_account").json
    assert Decimal(account["balance"]) == Decimal("-7.01") * accepted


def test_100_concurrent_credits_add_up_exactly(app, admin_headers, client, customer_id):
    def credit(n: int) -> int:
        return post(client_as(app, admin_headers), customer_id, "loyalty_points", "3",
                    key=f"{customer_id}-lp-{n}").status_code

    with ThreadPoolExecutor(max_workers=100) as pool:
        assert set(pool.map(credit, range(100))) == {201}
    assert client.get(f"/api/v1/balances/{customer_id}/loyalty_points").json["balance"] == "300"


def test_history_lists_entries_newest_first_with_running_balances(client, customer_id):
    for amount in ("10.00", "-2.50", "5.25"):
        post(client, customer_id, "store_credit", amount, currency="EUR")
    page = client.get(f"/api/v1/balances/{customer_id}/store_credit/entries?limit=2").json
    assert [e["balance_after"] for e in page["items"]] == ["12.75", "7.50"]
    rest = client.get(f"/api/v1/balances/{customer_id}/store_credit/entries?cursor={page['next_cursor']}").json
    assert [e["amount"] for e in rest["items"]] == ["10.00"] and rest["next_cursor"] is None
    balances = client.get(f"/api/v1/balances/{customer_id}").json["items"]
    assert [(b["ledger"], b["balance"]) for b in balances] == [("store_credit", "12.75"), ("on_account", "0"),
                                                               ("loyalty_points", "0")]


def test_a_posting_writes_a_balance_changed_event_in_the_same_transaction(client, db, customer_id):
    from sqlalchemy import text
    post(client, customer_id, "store_credit", "1.10", currency="EUR")
    with db.connect() as connection:
        [data] = connection.execute(text("SELECT envelope->'data' FROM outbox WHERE event_type = 'balance.changed' "
                                         "AND envelope->'data'->>'customer_id' = :c"), {"c": str(customer_id)}).scalars()
    assert (data["balance"], data["entry"]["amount"]) == ("1.10", "1.10")
