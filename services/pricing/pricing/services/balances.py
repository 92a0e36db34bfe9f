"""Balance use cases: post an entry exactly once per Idempotency-Key, set a credit limit, read.

A retried posting (same key, same request) returns the original entry and changes nothing; the
same key with a different request is refused. The key is looked up again after the account
lock is held, because a concurrent retry may have committed while this one waited for it.
"""
from __future__ import annotations

import hashlib
import json
import uuid

from b2b_shared.db.paging import Sort
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import ValidationFailed

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.balances import LEDGERS, BalanceAccount, BalanceEntry
from ..messaging.published import entry_data
from .references import check_customer_exists

KEY_HEADER = "Idempotency-Key"


def fingerprint(customer_id: uuid.UUID, ledger: str, posting: dict) -> str:
    canonical = [str(customer_id), ledger, format(posting["amount"].normalize(), "f"), posting.get("currency"),
                 posting.get("description"), posting.get("reference")]
    return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()


def _replay(original: BalanceEntry, expected_fingerprint: str) -> tuple[BalanceEntry, bool]:
    if original.fingerprint != expected_fingerprint:
        raise ValidationFailed({KEY_HEADER: ["This key was already used for a different posting."]})
    return original, True


def post_entry(uow: PricingUnitOfWork, customer_id: uuid.UUID, ledger: str, posting: dict,
               key: str | None) -> tuple[BalanceEntry, bool]:
    """Returns (entry, replayed)."""
    if not key or len(key) > 255:
        raise ValidationFailed({KEY_HEADER: ["Every posting needs a unique Idempotency-Key header (1-255 chars)."]})
    digest = fingerprint(customer_id, ledger, posting)
    with uow:
        if original := uow.accounts.entry_by_key(key):
            return _replay(original, digest)  # a retry is answered even if the customer went since
        check_customer_exists(uow, customer_id)
        account, _ = uow.accounts.lock(customer_id, ledger)
        if original := uow.accounts.entry_by_key(key):
            return _replay(original, digest)
        entry = account.post(posting["amount"], posting.get("currency"), entry_data,
                             description=posting.get("description"), reference=posting.get("reference"),
                             idempotency_key=key, fingerprint=digest)
        uow.accounts.add_entry(entry)
        uow.commit()
        return entry, False


def set_credit_limit(uow: PricingUnitOfWork, customer_id: uuid.UUID, data: dict, expected: int | None):
    with uow:
        check_customer_exists(uow, customer_id)
        account, made = uow.accounts.lock(customer_id, "on_account")
        check_version(0 if made else account.version, expected)
        account.set_credit_limit(data["credit_limit"], data["currency"])
        uow.commit()
        return account


def _account(uow: PricingUnitOfWork, customer_id: uuid.UUID, ledger: str) -> BalanceAccount:
    return uow.accounts.find(customer_id, ledger) or BalanceAccount.never_posted(customer_id, ledger)


def read_account(uow: PricingUnitOfWork, customer_id: uuid.UUID, ledger: str) -> BalanceAccount:
    """A ledger never posted to reads as zero, at version 0."""
    with uow:
        return _account(uow, customer_id, ledger)


def read_balances(uow: PricingUnitOfWork, customer_id: uuid.UUID) -> list[BalanceAccount]:
    with uow:
        return [_account(uow, customer_id, ledger) for ledger in LEDGERS]


def list_entries(uow: PricingUnitOfWork, customer_id: uuid.UUID, ledger: str, sort: Sort, limit: int,
                 cursor: str | None):
    with uow:
        return uow.accounts.entries(customer_id, ledger, sort, limit, cursor)
