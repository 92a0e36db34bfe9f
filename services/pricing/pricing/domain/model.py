"""The declarative base every pricing table hangs off, and the versioned-resource mixin.

Shortcut, named (as in customers): entities are declarative ORM classes; their rules still
live in this package and record what happened (`self.record(...)`) for the unit of work.
`version` is SQLAlchemy's version counter: every UPDATE checks and bumps it.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from b2b_shared.db.events import RecordsEvents
from b2b_shared.db.tables import add_messaging_tables

LEVELS = ("customer", "customer_group", "default")
TARGET_LEVELS = ("customer", "customer_group")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)


class Versioned(RecordsEvents):
    version: Mapped[int] = mapped_column(nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}

    def change(self, event_type: str, **fields) -> bool:
        """Set the fields that differ; record `event_type` if anything changed."""
        changed = {name: value for name, value in fields.items() if getattr(self, name) != value}
        for name, value in changed.items():
            setattr(self, name, value)
        if changed:
            self.record(event_type)
        return bool(changed)

    def record_deletion(self, event_type: str, last_state: dict) -> None:
        # One past the last version, so that a consumer skipping applied versions still applies it.
        self.record(event_type, snapshot={**last_state, "version": self.version + 1, "deleted": True})


# Importing the entity modules registers their tables on Base.metadata (for Alembic and the UoW).
from . import balances, price_lists, read_model, terms  # noqa: E402,F401
