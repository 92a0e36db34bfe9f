"""Handlers that apply a batch of events for the price of a few statements, not a few per event.

The consumer applies up to a hundred events in one transaction and calls each handler once per
event (inbox.py). Where one statement costs more than the rest of an event's work, a handler says
how to do its part of the batch at once, and keeps its per-event rules as they are:

- `Batched.prepare(work, events)` runs once, before the first event, with every event of the batch
  the handler will apply (delivery order, repeats left out). It loads what they will read in one
  statement into `batch_cache(session, name)`, so that each event's code finds it in memory; what
  it will change it locks, in id order (ORDER BY id ... FOR UPDATE), so that two replicas' batches
  cannot deadlock.
- `Batched.commits_once`: the unit of work's commits wait until the whole batch is applied, so one
  flush writes its rows (executemany) and one insert its outbox rows (UnitOfWork.deferred_commits).
  Used only when every event of the batch is handled so, and never by a handler that deletes: a
  later query would autoflush the deletion, and the object with its event leaves the session.
- `deferred_rows(session, writer)`: rows that nothing later in the batch reads from the database,
  kept until the transaction commits and then written by `writer`, in one statement whatever
  their number (`unnest_insert`); `write_deferred` writes them earlier, for a statement that must
  see them.

A batch that fails is applied again one event at a time (consumer.py `_failed`): a batch of one
prepares, and writes, the same way.
"""
from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, Text, bindparam, cast, event, func, select, types
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, insert
from sqlalchemy.orm import Session

from .envelope import CloudEvent

Handler = Callable[[Any, CloudEvent], None]
Prepare = Callable[[Any, list[CloudEvent]], None]
Writer = Callable[[Session, list[dict]], None]
_ROWS, _CACHES = "b2b.deferred_rows", "b2b.batch_caches"


@dataclass(frozen=True)
class Batched:
    """A handler of one event, with the step that prepares a whole batch of them."""

    handle: Handler
    prepare: Prepare
    commits_once: bool = False

    def __call__(self, work: Any, event: CloudEvent) -> None:
        self.handle(work, event)


def prepare_batch(work: Any, handlers: dict[str, Handler], events: list[CloudEvent]) -> None:
    """Each Batched handler's prepare step, once, with its own events (handlers sharing one step share a call)."""
    for prepare, mine in _by_prepare(handlers, events).items():
        prepare(work, mine)


def applying(work: Any, handlers: dict[str, Handler], events: list[CloudEvent]):
    """The context the batch's events are applied in: their commits deferred to its end, or made as they come."""
    together = events and all(getattr(handlers.get(e.type), "commits_once", False) for e in events)
    # (deferred_commits holds every object that recorded events until its one commit writes them)
    return work.deferred_commits() if together else nullcontext()


def _by_prepare(handlers: dict[str, Handler], events: list[CloudEvent]) -> dict[Prepare, list[CloudEvent]]:
    steps: dict[Prepare, list[CloudEvent]] = {}
    for one in events:
        if isinstance(handler := handlers.get(one.type), Batched):
            steps.setdefault(handler.prepare, []).append(one)
    return steps


def batch_cache(session: Session, name: str) -> dict:
    """A dict that lives as long as the session's transaction (a consumer opens one per batch). What
    it holds is the database's state as this transaction changed it: forgotten when it ends."""
    _hook(session)
    return session.info[_CACHES].setdefault(name, {})


def batch_cached(session: Session, name: str) -> dict:
    """What `batch_cache` holds, if this session's batch was prepared; else an empty dict, to read
    only (a session of a request pays nothing for it)."""
    return session.info.get(_CACHES, {}).get(name, {})


def deferred_rows(session: Session, writer: Writer) -> list[dict]:
    """The list of rows `writer` will write, in one statement, when this transaction commits."""
    _hook(session)
    return session.info[_ROWS].setdefault(writer, [])


def write_deferred(session: Session) -> None:
    """Write the rows deferred so far now: a statement of the batch's is about to read them."""
    rows, session.info[_ROWS] = session.info.get(_ROWS, {}), {}
    for writer, mine in rows.items():
        if mine:
            writer(session, mine)


def _hook(session: Session) -> None:
    if _CACHES not in session.info:
        event.listen(session, "before_commit", write_deferred)
        event.listen(session, "after_transaction_end", _forget)
        session.info.update({_CACHES: {}, _ROWS: {}})


def _forget(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost: a savepoint's end leaves the batch going on
        session.info[_CACHES].clear()
        session.info[_ROWS].clear()


def newest(rows: list[dict], key: str = "id") -> list[dict]:
    """One row per key, of the highest version (the first of equals, as applying them in order
    would keep): one statement may not change a row twice."""
    kept: dict[Any, dict] = {}
    for row in rows:
        if (known := kept.get(row[key])) is None or known["version"] < row["version"]:
            kept[row[key]] = row
    return list(kept.values())


def unnest_insert(table: Table, names: tuple[str, ...] = ()):
    """`INSERT INTO table (...) SELECT unnest(:col1), unnest(:col2), ...` (every column, or those
    named): one statement for any number of rows, each column bound as one array, so its text never
    changes and PostgreSQL prepares it once (a multi-row VALUES is a new statement per row count, an
    executemany a statement per row). As the consumer's inbox claims its ids (inbox.py)."""
    columns = _columns(table, names)
    return insert(table).from_select([column.name for column in columns], select(*map(_unnest, columns)))


def upsert_newer(table: Table, names: tuple[str, ...] = (), or_same: bool = False):
    """unnest_insert that changes a known row only for a newer version (or_same: also the same one).
    One statement may not change a row twice: bind one row per key (`newest`)."""
    statement = unnest_insert(table, names)
    changes = {column.name: statement.excluded[column.name]
               for column in _columns(table, names) if not column.primary_key}
    newer = table.c.version <= statement.excluded.version if or_same else table.c.version < statement.excluded.version
    return statement.on_conflict_do_update(index_elements=list(table.primary_key), set_=changes, where=newer)


def by_column(rows: list[dict], table: Table, names: tuple[str, ...] = ()) -> dict[str, list]:
    """The rows' values as one list per column, of every column or those named, as unnest_insert
    binds them (array columns as text, cast back by the statement; a JSON column as one JSON array)."""
    return {column.name: _column_values(column, [row.get(column.name) for row in rows])
            for column in _columns(table, names)}


def _column_values(column, values: list):
    if isinstance(column.type, JSONB):
        return values  # the column's JSONB type serialises the list, once, as one document
    return [_bound(column, value) for value in values]


def _columns(table: Table, names: tuple[str, ...]) -> list:
    return [table.c[name] for name in names] if names else list(table.c)


def _is_array(column) -> bool:
    """ARRAY, or a type decorating it (b2b_shared.db.types.Array)."""
    return isinstance(getattr(column.type, "impl_instance", column.type), types.ARRAY)


def _unnest(column):
    # A JSON column's values come as one JSON array, taken apart by jsonb_array_elements beside the
    # other columns' unnest() (set-returning functions in a select list advance in lockstep). Bound
    # as text[] instead, psycopg escaped every quote of every document with a Python call each: 48 us
    # of CPU a row of a customer's data, against 3 us as one JSON document (measured with psycopg alone).
    if isinstance(column.type, JSONB):
        return func.jsonb_array_elements(bindparam(column.name, type_=JSONB))
    # Bound as text[]: unnest() of a two-dimensional array would flatten an array column's values into one.
    if _is_array(column):
        return cast(func.unnest(bindparam(column.name, type_=ARRAY(Text))), column.type)
    return func.unnest(bindparam(column.name, type_=ARRAY(column.type)))


def _bound(column, value):
    if _is_array(column) and value is not None:
        return _array_literal(value)
    return value


def _array_literal(values) -> str:
    """PostgreSQL's text form of a one-dimensional array: '{"a","b"}' (NULL unquoted)."""
    def quoted(value) -> str:
        return "NULL" if value is None else '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "{" + ",".join(quoted(value) for value in values) + "}"
