"""The rules of a posting on one account. No I/O: the account is an unsaved model."""
from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest
from b2b_shared.errors import Conflict, ValidationFailed
from pricing.domain import events
from pricing.domain.balances import BalanceAccount
from pricing.messaging.published import entry_data


def account(ledger: str, balance="0", limit="0", currency="EUR") -> BalanceAccount:
    return BalanceAccount(id=uuid.uuid4(), customer_id=uuid.uuid4(), ledger=ledger, balance=D(balance),
                          credit_limit=D(limit), currency=currency if ledger != "loyalty_points" else None, version=1)


def post(acc: BalanceAccount, amount: str, currency="EUR"):
    return acc.post(D(amount), currency if acc.ledger != "loyalty_points" else None, entry_data, idempotency_key="k",
                    fingerprint="f", description=None, reference=None)


def test_on_account_may_go_below_zero_down_to_its_credit_limit_exactly():
    acc = account("on_account", limit="100.00")
    entry = post(acc, "-100.00")
    assert acc.balance == D("-100.00") and entry.balance_after == D("-100.00") and acc.available == 0


def test_a_charge_past_the_credit_limit_is_refused_and_changes_nothing():
    acc = account("on_account", balance="-99.99", limit="100")
    with pytest.raises(Conflict):
        post(acc, "-0.02")
    assert acc.balance == D("-99.99")


@pytest.mark.parametrize("ledger", ["store_credit", "loyalty_points"])
def test_store_credit_and_loyalty_points_never_go_below_zero(ledger):
    acc = account(ledger, balance="5")
    with pytest.raises(Conflict):
        post(acc, "-5.01" if ledger == "store_credit" else "-6")
    post(acc, "-5")
    assert acc.balance == 0


def test_an_account_keeps_the_currency_of_its_first_posting():
    acc = account("store_credit", currency=None)
    post(acc, "10", "USD")
    with pytest.raises(ValidationFailed):
        post(acc, "10", "EUR")


def test_decimal_postings_add_up_exactly():
    acc = account("store_credit")
    for _ in range(10):
        post(acc, "0.10")
    assert acc.balance == D("1.00")


def test_a_posting_records_balance_changed_with_its_entry():
    acc = account("store_credit")
    entry = post(acc, "3")
    [event] = acc.pop_events()
    assert event.type == events.BALANCE_CHANGED and event.payload == {"entry": entry_data(entry)}
