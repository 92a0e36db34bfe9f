"""Which price lists a customer, a customer group or everyone (default) gets, and each customer's
and group's fallback: go on to the next level, stop at this one, or (a customer) go on to its
parent's lists (domain/anchors.py, domain/chain.py)."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import Versioned
from b2b_shared.errors import ValidationFailed
from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ..adapters.orm import Base
from . import events
from .anchors import GROUP_FALLBACKS
from .levels import CUSTOMER_GROUP
from .resource import Resource


class PriceListAssignment(Resource, Base):
    __tablename__ = "price_list_assignments"
    __table_args__ = (
        Index("uq_price_list_assignments_target", "price_list_id", "level", "target_id", unique=True,
              postgresql_nulls_not_distinct=True),
        Index("ix_price_list_assignments_level_target", "level", "target_id"),
        CheckConstraint("(level = 'default') = (target_id IS NULL)", name="ck_price_list_assignments_target"),
    )
    event_names = events.PRICE_LIST_ASSIGNMENT_EVENTS

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

    @classmethod
    def never_set(cls, level: str, target_id: uuid.UUID) -> "PriceListFallback":
        """What a target without a row has: `next`, at version 0. Not for saving."""
        return cls(level=level, target_id=target_id, fallback="next", version=0)

    @classmethod
    def first_set(cls, level: str, target_id: uuid.UUID, fallback: str) -> "PriceListFallback":
        found = cls(id=uuid.uuid4(), level=level, target_id=target_id, fallback=fallback)
        found.record(events.FALLBACK_UPDATED)  # even when `next`: the version moved from 0 to 1
        return found

    def set(self, fallback: str) -> bool:
        return self.change(events.FALLBACK_UPDATED, fallback=fallback)


def check_fallback(level: str, fallback: str) -> None:
    """A group has no parent to fall back to."""
    if level == CUSTOMER_GROUP and fallback not in GROUP_FALLBACKS:
        raise ValidationFailed({"fallback": [f"A customer group's fallback is one of {', '.join(GROUP_FALLBACKS)}."]})
