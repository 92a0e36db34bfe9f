"""Tasks, by due date: of one customer, or across customers (a staff user's work list). One keyset
order for both, (due_date, id), so the overdue (the earliest due) come first."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from b2b_shared.db.paging import decode_cursor, encode_cursor
from b2b_shared.errors import ValidationFailed
from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import Session

from ..domain.tasks import OPEN, Task, today

ORDER = "due_date"  # the one order tasks are listed in; the cursor names it


@dataclass(frozen=True)
class TaskFilters:
    customer_id: uuid.UUID | None = None
    assignee_id: uuid.UUID | None = None
    status: str | None = None
    overdue: bool | None = None
    within: object | None = None  # the caller's Access (b2b_shared.http.access): only what it reaches


def _filtered(stmt: Select, filters: TaskFilters) -> Select:
    for column, value in ((Task.customer_id, filters.customer_id), (Task.assignee_id, filters.assignee_id),
                          (Task.status, filters.status)):
        if value is not None:
            stmt = stmt.where(column == value)
    if filters.overdue is not None:
        late = (Task.status == OPEN) & (Task.due_date < today())
        stmt = stmt.where(late if filters.overdue else ~late)
    if filters.within is not None:
        stmt = stmt.where(filters.within.condition(Task.customer_id))
    return stmt


def _after(cursor: str) -> tuple[dt.date, uuid.UUID]:
    due, task_id = decode_cursor(cursor, ORDER, 2)
    try:
        return dt.date.fromisoformat(due), uuid.UUID(task_id)
    except (TypeError, ValueError):
        raise ValidationFailed({"cursor": ["Not a cursor this API issued."]}) from None


class TaskRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, task_id: uuid.UUID) -> Task | None:
        return self.session.get(Task, task_id)

    def add(self, task: Task) -> None:
        self.session.add(task)

    def delete(self, task: Task) -> None:
        self.session.delete(task)

    def page(self, filters: TaskFilters, limit: int, cursor: str | None):
        """One page of the tasks the filters select, by due date; (items, next_cursor)."""
        stmt = _filtered(select(Task), filters)
        if cursor:
            stmt = stmt.where(tuple_(Task.due_date, Task.id) > tuple_(*_after(cursor)))
        rows = list(self.session.scalars(stmt.order_by(Task.due_date, Task.id).limit(limit + 1)))
        items = rows[:limit]
        if len(rows) <= limit:
            return items, None
        return items, encode_cursor(ORDER, [items[-1].due_date.isoformat(), str(items[-1].id)])
