"""Timeline entries, written once per batch instead of once per event.

The consumer applies up to a hundred events in one transaction (b2b_shared/messaging/inbox.py) and
calls each handler per event; one statement per event would make the database's round trips the
whole cost (bench/order_events.py). So the handlers collect their rows on the transaction's session
and each kind is written in one statement when it commits (b2b_shared/messaging/batches.py). Still
the same transaction: the rows commit with the inbox rows or not at all, and a batch that fails is
applied again one event at a time as before.
"""
from __future__ import annotations

from b2b_shared.messaging.batches import by_column, deferred_rows, unnest_insert
from sqlalchemy.orm import Session

from ..domain.activity import ActivityEntry
from ..domain.activity_entries import Entry

_ENTRIES = ActivityEntry.__table__
_INSERT_ENTRIES = unnest_insert(_ENTRIES).on_conflict_do_nothing(index_elements=[_ENTRIES.c.id])


def _write_entries(session: Session, rows: list[dict]) -> None:
    session.execute(_INSERT_ENTRIES, by_column(rows, _ENTRIES))


def add_entry(session: Session, event_id: str, entry: Entry) -> None:
    """A timeline entry, written when the consumer's transaction commits (its id: the event's)."""
    deferred_rows(session, _write_entries).append({
        "id": event_id, "customer_id": entry.customer_id, "occurred_at": entry.occurred_at, "type": entry.type,
        "actor_id": entry.actor_id, "summary": entry.summary, "details": entry.details})
