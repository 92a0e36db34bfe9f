"""Price lists, their prices (sku x unit x currency x minimum quantity), assignments and the
per-customer / per-group fallback setting."""
from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from b2b_shared.db.versioned import Versioned
from sqlalchemy import ARRAY, CheckConstraint, DateTime, ForeignKey, Index, Numeric, String, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from .model import Base

FALLBACKS = ("next", "this_level_only")  # go on to the next level, or stop at this one
MAX_BULK_ROWS = 10_000  # prices per bulk request: an import batch


class PriceList(Versioned, Base):
    __tablename__ = "price_lists"
    __table_args__ = (Index("ix_price_lists_name_id", "name", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255))
    currencies: Mapped[list[str]] = mapped_column(ARRAY(String(3)))
    active: Mapped[bool] = mapped_column(default=True)
    active_from: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    active_to: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


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


class PriceListAssignment(Versioned, Base):
    __tablename__ = "price_list_assignments"
    __table_args__ = (
        Index("uq_price_list_assignments_target", "price_list_id", "level", "target_id", unique=True,
              postgresql_nulls_not_distinct=True),
        Index("ix_price_list_assignments_level_target", "level", "target_id"),
        CheckConstraint("(level = 'default') = (target_id IS NULL)", name="ck_price_list_assignments_target"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    price_list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("price_lists.id", ondelete="RESTRICT"))
    level: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    priority: Mapped[int] = mapped_column(default=0)
    merge_allowed: Mapped[bool] = mapped_column(default=True)


class PriceListFallback(Versioned, Base):
    """Absent means `next`; served as version 0 until first set, so PUT always has an ETag to match."""

    __tablename__ = "price_list_fallbacks"
    __table_args__ = (Index("uq_price_list_fallbacks_target", "level", "target_id", unique=True),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    level: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    fallback: Mapped[str] = mapped_column(String(20), default="next")
