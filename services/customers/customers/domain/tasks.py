"""Tasks staff must do for a customer (seed 003: "see or add tasks that you need to fulfil for this
customer"): a title, a due date, a staff assignee, open or done. A task is overdue while it is
open after its due date; lists sort by due date so the overdue come first."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.db.versioned import Versioned
from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from . import events
from .model import Base

OPEN, DONE = "open", "done"
STATUSES = (OPEN, DONE)


def today() -> dt.date:
    """Due dates are calendar days, compared in UTC: the suite keeps no time zone per user."""
    return dt.datetime.now(dt.timezone.utc).date()


class Task(Versioned, Base):
    __tablename__ = "customer_tasks"
    __table_args__ = (
        Index("ix_customer_tasks_customer_due", "customer_id", "due_date", "id"),
        # A staff user's open tasks across customers, overdue first: one index range.
        Index("ix_customer_tasks_open_by_assignee", "assignee_id", "due_date", "id",
              postgresql_where=text("status = 'open'")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[dt.date] = mapped_column(Date)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))  # a staff user (principal read model)
    status: Mapped[str] = mapped_column(String(10), default=OPEN, server_default=text("'open'"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))  # who created it, from the token

    @classmethod
    def create(cls, customer_id: uuid.UUID, **fields) -> "Task":
        task = cls(id=uuid.uuid4(), customer_id=customer_id, **{"status": OPEN, **fields})
        task.record(events.TASK_CREATED)
        return task

    @property
    def overdue(self) -> bool:
        return self.status == OPEN and self.due_date < today()

    def update(self, **changes) -> bool:
        return self.change(events.TASK_UPDATED, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.TASK_DELETED, last_state)
