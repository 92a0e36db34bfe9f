"""An import job: what a person uploaded, in which mode, and how far it has come.

Statuses: queued -> validating (validate, dry_run) or importing (import) -> completed,
completed_with_errors, failed or cancelled. Counts grow as the owning service answers each batch;
`processed_rows` is their sum, so progress never runs ahead of what was really applied.
Shortcut, named: a declarative ORM class with its behaviour, as in the customers service."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.auth.principal_tables import add_principal_tables
from b2b_shared.db.tables import add_messaging_tables
from b2b_shared.db.versioned import Versioned, utcnow
from b2b_shared.errors import Conflict
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from . import events

QUEUED, VALIDATING, IMPORTING = "queued", "validating", "importing"
COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED = "completed", "completed_with_errors", "failed", "cancelled"
FINISHED = (COMPLETED, COMPLETED_WITH_ERRORS, FAILED, CANCELLED)
OUTCOMES = ("created", "updated", "unchanged", "failed")


class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)
add_principal_tables(Base.metadata)  # who may call us, from users-roles' events


class ImportJob(Versioned, Base):
    __tablename__ = "import_jobs"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    entity: Mapped[str] = mapped_column(String(50))
    mode: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30), default=QUEUED, index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[int] = mapped_column(Integer, default=0)  # the hierarchy level being applied
    levels: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str | None] = mapped_column(Text)  # why it failed, for a failed job
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    notified_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @classmethod
    def submit(cls, user_id: uuid.UUID, entity: str, mode: str, file_name: str) -> "ImportJob":
        return cls(id=uuid.uuid4(), user_id=user_id, entity=entity, mode=mode, file_name=file_name, status=QUEUED,
                   total_rows=0, created=0, updated=0, unchanged=0, failed=0, level=0, levels=0)

    @property
    def processed_rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.failed

    @property
    def progress(self) -> float:
        return round(100.0 * self.processed_rows / self.total_rows, 1) if self.total_rows else 0.0

    @property
    def seconds_left(self) -> float | None:
        """At the pace so far; unknown before the first answer and after the end."""
        if self.finished or not self.started_at or not self.processed_rows:
            return None
        elapsed = (utcnow() - self.started_at).total_seconds()
        return round(elapsed / self.processed_rows * (self.total_rows - self.processed_rows), 1)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def start(self, total_rows: int, levels: int) -> None:
        self.status = IMPORTING if self.mode == "import" else VALIDATING
        self.total_rows, self.levels, self.level, self.started_at = total_rows, levels, 0, utcnow()
        self.record(events.IMPORT_JOB_STARTED)

    def count(self, outcomes: list[str]) -> None:
        for outcome in outcomes:
            setattr(self, outcome, getattr(self, outcome) + 1)

    def next_level(self) -> None:
        self.level += 1

    def complete(self) -> None:
        if not self.finished:
            self._finish(COMPLETED_WITH_ERRORS if self.failed else COMPLETED)

    def fail(self, detail: str) -> None:
        self.detail = detail
        self._finish(FAILED)

    def cancel(self) -> None:
        if self.finished:
            raise Conflict(f"The job is {self.status} already.")
        self._finish(CANCELLED)

    def _finish(self, status: str) -> None:
        self.status, self.finished_at = status, utcnow()
        self.record(events.IMPORT_JOB_COMPLETED)
