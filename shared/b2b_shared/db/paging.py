"""Keyset (cursor) pagination: stable while rows are inserted, fast at any depth.

The cursor is opaque to clients: base64 of the sort and the last row's sort value and id.
The HTTP side (the list arguments, parsing `?sort=`) is http/pagination.py.
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Select, tuple_
from sqlalchemy.orm import Session

from ..errors import ValidationFailed


@dataclass(frozen=True)
class Sort:
    """A sort key by name (what the API says) and, once a repository binds it, its column."""

    field: str
    column: object
    descending: bool

    @property
    def text(self) -> str:
        return ("-" if self.descending else "") + self.field

    def on(self, column) -> "Sort":
        """This sort, bound to the column that holds its key."""
        return dataclasses.replace(self, column=column)


def encode_cursor(order: str, values: list) -> str:
    """An opaque cursor: the ordering it belongs to and the last row's key values."""
    values = [value.isoformat() if isinstance(value, dt.datetime) else value for value in values]
    raw = json.dumps([order, *values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, order: str, arity: int) -> list:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        issued_for, *values = raw
        if len(values) != arity:
            raise ValueError(cursor)
    except (ValueError, TypeError):
        raise ValidationFailed({"cursor": ["Not a cursor this API issued."]}) from None
    if issued_for != order:
        raise ValidationFailed({"cursor": ["The cursor belongs to another list or sort order."]})
    return values


def _decode(cursor: str, sort: Sort):
    value, row_id = decode_cursor(cursor, sort.text, 2)
    if isinstance(value, str) and sort.field.endswith("_at"):
        value = dt.datetime.fromisoformat(value)
    return value, row_id


def keyset_window(stmt: Select, sort: Sort, id_column, limit: int, cursor: str | None) -> Select:
    """`stmt` narrowed to the rows after the cursor, in sort order, one row more than the page."""
    if cursor:
        value, row_id = _decode(cursor, sort)
        key = tuple_(sort.column, id_column)
        stmt = stmt.where(key < (value, row_id) if sort.descending else key > (value, row_id))
    order = (sort.column.desc(), id_column.desc()) if sort.descending else (sort.column.asc(), id_column.asc())
    return stmt.order_by(*order).limit(limit + 1)


def page_of(rows: list, sort: Sort, limit: int):
    """(items, next_cursor) from the `limit + 1` rows a keyset window returned."""
    items = rows[:limit]
    if len(rows) <= limit:
        return items, None
    last = items[-1]
    return items, encode_cursor(sort.text, [getattr(last, sort.field), str(last.id)])


def keyset_page(session: Session, stmt: Select, sort: Sort, id_column, limit: int, cursor: str | None):
    """One page of `stmt` (a select of ORM entities); returns (items, next_cursor)."""
    rows = session.scalars(keyset_window(stmt, sort, id_column, limit, cursor)).all()
    return page_of(rows, sort, limit)
