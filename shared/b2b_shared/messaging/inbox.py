"""Apply events exactly once: their inbox rows and their effects commit in one transaction.

Several events may share a transaction (a batch, in delivery order): one commit and one inbox
insert for all of them is what lets one consumer keep up with a relay. All or none of a batch
commits, so a message is still acked only once its own effect is durable. A batch that fails is
applied again one event at a time, so a handler must keep to the transaction: anything it did
outside (an HTTP call) could happen again. A handler may prepare the whole batch at once and
defer its writes to the batch's end (batches.py), so that a batch costs a few statements.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from sqlalchemy import String, Table, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session, sessionmaker

from ..context import bind_request_id, clear_request_id
from ..tracing import span_following
from .batches import applying, prepare_batch
from .envelope import CloudEvent

# A handler applies one event inside the consumer's transaction and must not commit it. Its first
# argument is what the service's `Joined` factory makes of that transaction's session (a unit of
# work joined to it, with the service's repositories), or the session itself.
Handler = Callable[[Any, CloudEvent], None]
Joined = Callable[[Session], Any]


def the_session(session: Session) -> Session:
    return session


def apply_events(session_factory: sessionmaker[Session], inbox: Table, consumer: str,
                 handlers: dict[str, Handler], events: list[CloudEvent], joined: Joined = the_session) -> list[str]:
    """One outcome per event, in order: `applied`, `ignored` (no handler) or `duplicate`."""
    with session_factory() as session, session.begin():
        unclaimed = _claim(session, inbox, consumer, events)
        work = joined(session)
        fresh = _fresh(events, unclaimed)
        prepare_batch(work, handlers, fresh)
        with applying(work, handlers, fresh):
            return [_apply(work, handlers, event, unclaimed) for event in events]


def _fresh(events: list[CloudEvent], unclaimed: set[str]) -> list[CloudEvent]:
    """The events this batch applies, in order: not processed before, and each id once."""
    fresh: dict[str, CloudEvent] = {}
    for event in events:
        if event.id in unclaimed:
            fresh.setdefault(event.id, event)
    return list(fresh.values())


def _claim(session: Session, inbox: Table, consumer: str, events: list[CloudEvent]) -> set[str]:
    """The ids not processed before: their inbox rows are inserted now, the others already exist."""
    types_by_id = {event.id: event.type for event in events}
    return set(session.scalars(_claim_statement(inbox), {"consumer": consumer, "ids": list(types_by_id),
                                                         "types": list(types_by_id.values())}))


@functools.cache
def _claim_statement(inbox: Table):
    """Built once per inbox table (every batch binds new values only). The ids travel as arrays, so
    the statement's text is the same for any batch size: psycopg parses and prepares it once (a
    multi-row VALUES would be a new statement per batch size)."""
    rows = select(bindparam("consumer", type_=String), func.unnest(bindparam("ids", type_=ARRAY(String))),
                  func.unnest(bindparam("types", type_=ARRAY(String))))
    return (insert(inbox).from_select(["consumer", "event_id", "event_type"], rows)
            .on_conflict_do_nothing().returning(inbox.c.event_id))


def _apply(work: Any, handlers: dict[str, Handler], event: CloudEvent, unclaimed: set[str]) -> str:
    if event.id not in unclaimed:
        return "duplicate"  # processed before, or earlier in this same batch
    unclaimed.discard(event.id)
    handler = handlers.get(event.type)
    if handler is None:
        return "ignored"
    bind_request_id(event.request_id)
    try:
        with span_following(event.traceparent, f"apply {event.type}", **{"cloudevents.event_id": event.id}):
            handler(work, event)
    finally:
        clear_request_id()
    return "applied"
