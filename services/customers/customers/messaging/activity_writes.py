"""Rows the timeline's handlers write once per batch instead of once per event.

The consumer applies up to a hundred events in one transaction (b2b_shared/messaging/inbox.py) and
calls each handler per event; one statement per event would make the database's round trips the
whole cost (bench/order_events.py). So the handlers collect their rows on the transaction's session
and one `before_commit` hook writes each kind in one statement (`unnest_insert`). Still the same
transaction: the rows commit with the inbox rows or not at all, and a batch that fails is applied
again one event at a time as before.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Table, Text, bindparam, cast, event, func, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.orm import Session

from ..domain.activity import ActivityEntry
from ..domain.activity_entries import Entry

Writer = Callable[[Session, list[dict]], None]
_ROWS, _HOOKED = "customers.deferred_rows", "customers.deferred_hooked"


def deferred_rows(session: Session, writer: Writer) -> list[dict]:
    """The list of rows `writer` will write, in one statement, when this transaction commits."""
    if not session.info.get(_HOOKED):
        event.listen(session, "before_commit", _write_deferred)
        session.info[_HOOKED] = True
    return session.info.setdefault(_ROWS, {}).setdefault(writer, [])


def _write_deferred(session: Session) -> None:
    for writer, rows in session.info.pop(_ROWS, {}).items():
        if rows:
            writer(session, rows)


def unnest_insert(table: Table):
    """`INSERT INTO table (...) SELECT unnest(:col1), unnest(:col2), ...`: one statement for any
    number of rows, each column bound as one array, so its text never changes and PostgreSQL
    prepares it once (a multi-row VALUES is a new statement per row count, an executemany a
    statement per row). As the consumer's inbox claims its ids (b2b_shared/messaging/inbox.py)."""
    columns = [column for column in table.c]
    arrays = [_unnest(column) for column in columns]
    return insert(table).from_select([column.name for column in columns], select(*arrays))


def by_column(rows: list[dict], table: Table) -> dict[str, list]:
    """The rows' values as one list per column (JSON columns as text, cast back by the statement)."""
    return {column.name: [_bound(column, row.get(column.name)) for row in rows] for column in table.c}


def _unnest(column):
    if isinstance(column.type, JSONB):  # bound as text[]: psycopg has no adapter for jsonb[] of dicts
        return cast(func.unnest(bindparam(column.name, type_=ARRAY(Text))), JSONB)
    return func.unnest(bindparam(column.name, type_=ARRAY(column.type)))


def _bound(column, value):
    return json.dumps(value) if isinstance(column.type, JSONB) else value


_ENTRIES = ActivityEntry.__table__
_INSERT_ENTRIES = unnest_insert(_ENTRIES).on_conflict_do_nothing(index_elements=[_ENTRIES.c.id])


def _write_entries(session: Session, rows: list[dict]) -> None:
    session.execute(_INSERT_ENTRIES, by_column(rows, _ENTRIES))


def add_entry(session: Session, event_id: str, entry: Entry) -> None:
    """A timeline entry, written when the consumer's transaction commits (its id: the event's)."""
    deferred_rows(session, _write_entries).append({
        "id": event_id, "customer_id": entry.customer_id, "occurred_at": entry.occurred_at, "type": entry.type,
        "actor_id": entry.actor_id, "summary": entry.summary, "details": entry.details})
