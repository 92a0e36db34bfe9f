"""Balance use cases against the fake unit of work: a posting happens once per Idempotency-Key,
the credit limit is set at the account's version, and a ledger never posted to reads as zero.
(The posting rules themselves: test_balance_rules.py.)"""
from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest
from b2b_shared.db.paging import Sort
from b2b_shared.errors import Conflict, PreconditionFailed, ValidationFailed
from pricing.domain import events
from pricing.messaging.published import entry_data
from pricing.services import balances as use_cases

CUSTOMER = uuid.uuid4()


@pytest.fixture(autouse=True)
def known(uow) -> None:
    uow.customers.tell(CUSTOMER)


def credit(amount="10.50", currency="EUR", **fields) -> dict:
    return {"amount": D(amount), "currency": currency, **fields}


def test_a_posting_moves_the_balance_and_records_balance_changed_with_its_entry(uow):
    entry, replayed = use_cases.post_entry(uow, CUSTOMER, "store_credit", credit(description="Refund"), "key-1")
    account = uow.accounts.find(CUSTOMER, "store_credit")
    assert not replayed and account.balance == D("10.50") and entry.balance_after == D("10.50")
    assert uow.accounts.entries_posted == [entry]
    [changed] = uow.events
    assert changed.type == events.BALANCE_CHANGED and changed.aggregate is account
    assert changed.payload == {"entry": entry_data(entry)}


def test_every_posting_needs_an_idempotency_key_of_at_most_255_characters(uow):
    for key in (None, "", "k" * 256):
        with pytest.raises(ValidationFailed):
            use_cases.post_entry(uow, CUSTOMER, "store_credit", credit(), key)
    assert uow.accounts.rows == {}


def test_a_retry_with_the_same_key_returns_the_original_entry_and_changes_nothing(uow):
    original, _ = use_cases.post_entry(uow, CUSTOMER, "store_credit", credit(), "key-1")
    again, replayed = use_cases.post_entry(uow, CUSTOMER, "store_credit", credit(), "key-1")
    assert replayed and again is original
    assert uow.accounts.find(CUSTOMER, "store_credit").balance == D("10.50") and len(uow.events) == 1


def test_the_same_key_for_a_different_posting_is_refused(uow):
    use_cases.post_entry(uow, CUSTOMER, "store_credit", credit(), "key-1")
    with pytest.raises(ValidationFailed) as refused:
        use_cases.post_entry(uow, CUSTOMER, "store_credit", credit("10.51"), "key-1")
    assert list(refused.value.errors) == ["Idempotency-Key"]


def test_the_same_amount_written_differently_is_the_same_posting(uow):
    assert (use_cases.fingerprint(CUSTOMER, "store_credit", credit("10.5"))
            == use_cases.fingerprint(CUSTOMER, "store_credit", credit("10.500")))


def test_a_charge_past_the_credit_limit_is_refused_and_records_nothing(uow):
    use_cases.set_credit_limit(uow, CUSTOMER, {"credit_limit": D("100"), "currency": "EUR"}, 0)
    with pytest.raises(Conflict):
        use_cases.post_entry(uow, CUSTOMER, "on_account", credit("-100.01"), "key-1")
    assert uow.event_types == [events.BALANCE_CHANGED] and uow.accounts.entries_posted == []


def test_the_first_credit_limit_is_set_at_version_0_and_records_balance_changed_without_an_entry(uow):
    with pytest.raises(PreconditionFailed):
        use_cases.set_credit_limit(uow, CUSTOMER, {"credit_limit": D("100"), "currency": "EUR"}, 1)
    account = use_cases.set_credit_limit(uow, CUSTOMER, {"credit_limit": D("100"), "currency": "EUR"}, 0)
    assert (account.credit_limit, account.currency, account.available) == (D("100"), "EUR", D("100"))
    [changed] = uow.events
    assert changed.type == events.BALANCE_CHANGED and changed.payload == {}


def test_a_ledger_never_posted_to_reads_as_zero_at_version_0(uow):
    account = use_cases.read_account(uow, CUSTOMER, "on_account")
    assert (account.balance, account.credit_limit, account.version) == (0, 0, 0)
    assert [a.ledger for a in use_cases.read_balances(uow, CUSTOMER)] == ["store_credit", "on_account",
                                                                          "loyalty_points"]
    assert uow.accounts.rows == {}  # reading made no account


def test_a_ledgers_history_is_its_own_entries_newest_first(uow):
    for n, amount in enumerate(("1", "2", "3")):
        use_cases.post_entry(uow, CUSTOMER, "loyalty_points", credit(amount, None), f"key-{n}")
    use_cases.post_entry(uow, CUSTOMER, "store_credit", credit(), "key-other")
    items, _ = use_cases.list_entries(uow, CUSTOMER, "loyalty_points", Sort("created_at", None, True), 50, None)
    assert [e.balance_after for e in items] == [D("6"), D("3"), D("1")]


def test_a_posting_or_credit_limit_for_a_customer_pricing_does_not_know_is_a_field_error(uow):
    stranger = uuid.uuid4()
    with pytest.raises(ValidationFailed) as refused:
        use_cases.post_entry(uow, stranger, "store_credit", credit(), "key-stranger")
    assert refused.value.errors == {"customer_id": ["No such customer."]}
    with pytest.raises(ValidationFailed):
        use_cases.set_credit_limit(uow, stranger, {"credit_limit": D(100), "currency": "EUR"}, 0)
    assert uow.accounts.rows == {} and uow.events == []
