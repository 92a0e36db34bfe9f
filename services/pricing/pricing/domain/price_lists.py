"""Price lists and their prices (sku x unit x currency x minimum quantity)."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from b2b_shared.errors import ValidationFailed
from sqlalchemy import ARRAY, DateTime, ForeignKey, Index, Numeric, String, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ..adapters.orm import Base
from . import events
from .resource import Resource

MAX_BULK_ROWS = 10_000  # prices per bulk request: an import batch


def _currencies(codes: list[str]) -> list[str]:
    return sorted(set(codes))


class PriceList(Resource, Base):
    __tablename__ = "price_lists"
    __table_args__ = (Index("ix_price_lists_name_id", "name", "id"),)
    event_names = events.PRICE_LIST_EVENTS

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255))
    currencies: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    active: Mapped[bool] = mapped_column(default=True)
    active_from: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    active_to: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @classmethod
    def create(cls, **fields) -> "PriceList":
        return super().create(**{**fields, "currencies": _currencies(fields["currencies"])})

    def update(self, **changes) -> bool:
        if "currencies" in changes:
            changes["currencies"] = _currencies(changes["currencies"])
        # The schema checks a window sent whole; only here is one end checked against the other kept.
        start, end = changes.get("active_from", self.active_from), changes.get("active_to", self.active_to)
        if start and end and end <= start:
            raise ValidationFailed({"active_to": ["Must be after active_from."]})
        return super().update(**changes)

    def check_currencies(self, rows: list[dict]) -> None:
        """Prices only in the list's currencies; the first 100 rows that are not, by index."""
        wrong = {str(i): [self._currency_message()] for i, row in enumerate(rows)
                 if row["currency"] not in self.currencies}
        if wrong:
            raise ValidationFailed(dict(list(wrong.items())[:100]))

    def check_currency(self, currency: str) -> None:
        """One price's currency (an import's row): the same rule, as a `currency` field error."""
        if currency not in self.currencies:
            raise ValidationFailed({"currency": [self._currency_message()]})

    def _currency_message(self) -> str:
        return f"This price list is kept in {', '.join(sorted(self.currencies))} only."

    def record_prices_changed(self, counts: dict) -> None:
        """One event per bulk request, its data the counts; none when no price changed."""
        if counts["created"] or counts["updated"] or counts["deleted"]:
            self.record(events.PRICES_CHANGED, snapshot={"price_list_id": str(self.id), **counts})


class Price(Base):
    """Not an aggregate: written and read set-based, 10,000 at a time (adapters/prices.py).
    The primary key serves upserts and listing a list's prices in order.
    NUMERIC without a scale keeps the decimal exactly as it was sent ("12.30" stays "12.30")."""

    __tablename__ = "prices"
    # Resolution reads every price of a sku in one descent, index-only (adapters/price_source.py).
    __table_args__ = (Index("ix_prices_sku", "sku", "price_list_id", "unit", "currency", "quantity",
                            postgresql_include=["value"]),)

    price_list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("price_lists.id", ondelete="CASCADE"),
                                                     primary_key=True)
    sku: Mapped[str] = mapped_column(String(100), primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    quantity: Mapped[Decimal] = mapped_column(Numeric, primary_key=True)
    value: Mapped[Decimal] = mapped_column(Numeric)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
