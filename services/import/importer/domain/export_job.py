"""An export job: a filtered or selected list written to a CSV in the import template's columns,
page by page by the owning service (b2b_shared.messaging.export_pages), so that the file imports
back unchanged. Statuses: exporting -> completed, failed or cancelled."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.db.versioned import Versioned, utcnow
from b2b_shared.errors import Conflict
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from . import events
from .model import CANCELLED, COMPLETED, FAILED, Base

EXPORTING = "exporting"
EXPORT_FINISHED = (COMPLETED, FAILED, CANCELLED)


class ExportJob(Versioned, Base):
    __tablename__ = "export_jobs"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    user_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    entity: Mapped[str] = mapped_column(String(50))
    filters: Mapped[dict] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(30), default=EXPORTING)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    @classmethod
    def submit(cls, user_id: uuid.UUID, entity: str, filters: dict) -> "ExportJob":
        return cls(id=uuid.uuid4(), user_id=user_id, entity=entity, filters=filters, status=EXPORTING, rows=0,
                   pages=0)

    @property
    def finished(self) -> bool:
        return self.status in EXPORT_FINISHED

    @property
    def file_name(self) -> str:
        return f"{self.entity}-{self.created_at:%Y%m%d-%H%M%S}.csv" if self.created_at else f"{self.entity}.csv"

    def add_page(self, rows: int) -> None:
        self.rows += rows
        self.pages += 1

    def complete(self) -> None:
        self._finish(COMPLETED)

    def fail(self, detail: str) -> None:
        self.detail = detail
        self._finish(FAILED)

    def cancel(self) -> None:
        if self.finished:
            raise Conflict(f"The export is {self.status} already.")
        self._finish(CANCELLED)

    def _finish(self, status: str) -> None:
        self.status, self.finished_at = status, utcnow()
        self.record(events.EXPORT_JOB_COMPLETED)
