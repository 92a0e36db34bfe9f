"""The mixin of every mutable resource: version, timestamps, and recording what changed.

`version` is SQLAlchemy's version counter (`version_id_col`): every UPDATE checks and bumps it,
so a lost update surfaces as 412 and the ETag is the version.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from ..errors import PreconditionFailed
from .events import RecordsEvents

ANY = None  # the version a change expects when it will take whichever is current (`If-Match: *`)


def check_version(current: int, expected: int | None) -> None:
    """412 unless the caller changes the version it read (the ETag its If-Match names)."""
    if expected is not ANY and expected != current:
        raise PreconditionFailed(f"The resource is at version {current}; If-Match named {expected}.")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


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
        # One past the last version, so that a consumer that skips versions it has already
        # applied does not skip the deletion.
        self.record(event_type, snapshot={**last_state, "version": self.version + 1, "deleted": True})
