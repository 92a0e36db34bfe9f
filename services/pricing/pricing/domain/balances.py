"""Customer balances: three append-only ledgers per customer.

The account row holds the running balance and the credit limit; a posting locks it
(SELECT ... FOR UPDATE), checks the rule below, appends an entry and moves the balance, so
concurrent postings serialise on the row and the limit holds under any interleaving.
"""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal

from b2b_shared.db.versioned import Versioned, utcnow
from b2b_shared.errors import Conflict, ValidationFailed
from sqlalchemy import DateTime, ForeignKey, Index, Numeric, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ..adapters.orm import Base
from . import events

LEDGERS = ("store_credit", "on_account", "loyalty_points")
MONEY_LEDGERS = ("store_credit", "on_account")
ZERO = Decimal(0)


class BalanceAccount(Versioned, Base):
    __tablename__ = "balance_accounts"
    __table_args__ = (Index("uq_balance_accounts_customer_ledger", "customer_id", "ledger", unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    ledger: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str | None] = mapped_column(String(3))  # set by the first posting; none for points
    balance: Mapped[Decimal] = mapped_column(Numeric, default=ZERO)
    credit_limit: Mapped[Decimal] = mapped_column(Numeric, default=ZERO)  # only on_account uses it

    @classmethod
    def never_posted(cls, customer_id: uuid.UUID, ledger: str) -> "BalanceAccount":
        """What a ledger without a row reads as: empty, at version 0. Not for saving."""
        return cls(customer_id=customer_id, ledger=ledger, balance=ZERO, credit_limit=ZERO, version=0)

    @property
    def floor(self) -> Decimal:
        """Only on_account may go below zero, and only down to minus its credit limit."""
        return -self.credit_limit if self.ledger == "on_account" else ZERO

    @property
    def available(self) -> Decimal:
        return self.balance - self.floor

    def post(self, amount: Decimal, currency: str | None, render_entry: Callable[["BalanceEntry"], dict],
             **entry_fields) -> "BalanceEntry":
        """Move the balance by `amount` (> 0 credits, < 0 charges) and return the entry that says so.
        balance.changed carries the entry as `render_entry` shows it (messaging/published.py):
        rendered now, while it is at hand; the account itself is rendered at commit."""
        self._settle_currency(currency)
        new_balance = self.balance + amount
        if new_balance < self.floor:
            limit = "its credit limit" if self.ledger == "on_account" else "zero"
            raise Conflict(f"This posting would take the {self.ledger} balance below {limit}; "
                           f"available: {self.available}.", {"amount": ["Exceeds the available balance."]})
        self.balance = new_balance
        entry = BalanceEntry(id=uuid.uuid4(), account_id=self.id, customer_id=self.customer_id, ledger=self.ledger,
                             amount=amount, currency=self.currency, balance_after=new_balance, created_at=utcnow(),
                             **entry_fields)
        self.record(events.BALANCE_CHANGED, entry=render_entry(entry))
        return entry

    def set_credit_limit(self, limit: Decimal, currency: str | None) -> None:
        if self.ledger != "on_account":
            raise ValidationFailed({"credit_limit": ["Only the on_account ledger has a credit limit."]})
        self._settle_currency(currency)
        self.change(events.BALANCE_CHANGED, credit_limit=limit)

    def _settle_currency(self, currency: str | None) -> None:
        if self.ledger not in MONEY_LEDGERS:
            if currency is not None:
                raise ValidationFailed({"currency": ["Loyalty points have no currency."]})
            return
        if currency is None:
            raise ValidationFailed({"currency": ["Required for a money ledger."]})
        if self.currency is None:
            self.currency = currency
        elif self.currency != currency:
            raise ValidationFailed({"currency": [f"This account is kept in {self.currency}."]})


class BalanceEntry(Base):
    """Append-only: never updated, never deleted. The idempotency key is unique across all
    accounts, so a retried posting finds its original entry wherever it was posted."""

    __tablename__ = "balance_entries"
    __table_args__ = (Index("ix_balance_entries_customer_ledger_created", "customer_id", "ledger", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("balance_accounts.id", ondelete="RESTRICT"))
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    ledger: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal] = mapped_column(Numeric)
    currency: Mapped[str | None] = mapped_column(String(3))
    balance_after: Mapped[Decimal] = mapped_column(Numeric)
    description: Mapped[str | None] = mapped_column(String(1000))
    reference: Mapped[str | None] = mapped_column(String(255))
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the request, to spot a reused key
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
