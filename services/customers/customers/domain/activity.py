"""The activity timeline: one entry per event that concerned a customer, whoever published it.

The consumer writes the entries (messaging/activity.py) from events across the suite; the rules
that turn an event into an entry are domain/activity_entries.py. An entry's id is the event's id,
so a replayed or republished event never makes a second entry.
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, Integer, String, Text, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from .model import Base


class ActivityEntry(Base):
    __tablename__ = "customer_activity"
    # A page is one backward range scan of this index, however long the timeline
    # (bench/customer_activity.py); a type filter narrows the same scan.
    __table_args__ = (Index("ix_customer_activity_customer_time", "customer_id", "occurred_at", "id"),)

    id: Mapped[str] = mapped_column(String(255), primary_key=True)  # the event's id
    customer_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    type: Mapped[str] = mapped_column(String(100))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    summary: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSONB, server_default=text("'{}'::jsonb"))


class LastSeen(Base):
    """The last state the timeline saw of each resource, so that a `*.updated` event (which carries
    the whole resource, not what changed) can say which fields changed."""

    __tablename__ = "activity_last_seen"

    subject_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict] = mapped_column(JSONB)
