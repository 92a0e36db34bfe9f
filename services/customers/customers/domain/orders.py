"""Orders other teams' order services tell us about (`order.placed`, `order.cancelled`,
`order.refunded`, asyncapi.yaml), kept one row per order so that the order of arrival does not
matter: each event only sets its own moment, and an order's state is read from all of them.

- An order counts toward a customer's figures when it was placed and neither cancelled nor
  refunded. A cancel that arrives before its placement leaves the order cancelled once the
  placement arrives; the same event twice sets the same moment twice.
- `order.refunded` is taken as a full refund: the contract carries no refunded amount apart from
  the order's total.
- The figures are read per currency (sums of different currencies are never added) and rolled up
  over subsidiaries at read time (services/orders.py), so a move in the hierarchy counts at once.
"""
from __future__ import annotations

import datetime as dt
import decimal
import uuid

from sqlalchemy import DateTime, Index, Numeric, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from .model import Base

MOMENT_OF = {"order.placed": "placed_at", "order.cancelled": "cancelled_at", "order.refunded": "refunded_at"}
MOMENTS = tuple(MOMENT_OF.values())


class CustomerOrder(Base):
    __tablename__ = "customer_orders"
    __table_args__ = (Index("ix_customer_orders_customer_id", "customer_id"),)

    order_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    total: Mapped[decimal.Decimal] = mapped_column(Numeric)
    currency: Mapped[str] = mapped_column(String(3))
    placed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    refunded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


def merged(known: dict, news: dict) -> dict:
    """Two changes of one order as one (for a batch of events): each moment its earliest, the
    amount and customer the placement's (else the first seen)."""
    amounts = news if news["placed_at"] and not known["placed_at"] else known
    return {**amounts, **{moment: _earliest(known[moment], news[moment]) for moment in MOMENTS}}


def _earliest(first, second):
    return min(moment for moment in (first, second) if moment) if first or second else None


def average(total: decimal.Decimal, count: int) -> decimal.Decimal | None:
    """The average order size, to the cent."""
    if not count:
        return None
    return (total / count).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN)
