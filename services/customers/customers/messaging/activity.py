"""The timeline's writer: every event the customers consumer is bound to for the timeline becomes
an entry (domain/activity_entries.py says which customer, when, who and what), in the consumer's
transaction, so the inbox that drops repeated event ids drops repeated entries too; the entry's id
is the event's id besides, so a republished event cannot make a second one.
"""
from __future__ import annotations

import datetime as dt

from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy import bindparam, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..domain.activity import LastSeen
from ..domain.activity_entries import entry_for
from .activity_writes import add_entry

_CHANGES = ("created", "updated", "deleted")
# What the timeline follows, by publisher (their asyncapi.yaml); a `.snapshot` only teaches it the
# current state, for the next change's list of changed fields.
TIMELINE_EVENTS = (
    *(f"customer.{what}" for what in (*_CHANGES, "moved", "snapshot")),  # customers (our own events)
    *(f"customer_address.{what}" for what in _CHANGES),
    *(f"customer_contact.{what}" for what in _CHANGES),  # contacts, tasks, notes: customers too
    *(f"customer_task.{what}" for what in _CHANGES),
    *(f"customer_note.{what}" for what in _CHANGES),
    *(f"customer_user.{what}" for what in (*_CHANGES, "disabled", "snapshot")),  # users-roles
    *(f"role.{what}" for what in _CHANGES),
    *(f"price_list_assignment.{what}" for what in _CHANGES),  # pricing
    *(f"payment_term_assignment.{what}" for what in _CHANGES),
    "balance.changed",
)


def record_event(session: Session, event: CloudEvent) -> None:
    """A handler of the timeline's queue, which hands its handlers the consumer's session (no unit of work)."""
    previous = _remember(session, event)
    if event.type.endswith(".snapshot"):
        return
    entry = entry_for(event.type, event.data, event.subject, previous, dt.datetime.now(dt.timezone.utc))
    if entry is not None:
        add_entry(session, event.id, entry)


def _remember(session: Session, event: CloudEvent) -> dict | None:
    """The state last seen of the event's resource (None if none), replaced by the event's own when
    it is newer. Only versioned resources are remembered: the others have no `.updated`."""
    subject, version = event.data.get("id") or event.subject, event.data.get("version")
    if not subject or not isinstance(version, int):
        return None
    key = f"{event.type.split('.', 1)[0]}:{subject}"
    seen = session.execute(_REMEMBER, {"key": key, "version": version, "data": event.data}).first()
    return seen.data if seen is not None and seen.version < version else None


# The state seen before, and the event's own stored in its place when newer: one round trip (the
# timeline writes one entry an event, and an import sends thousands of events a second).
_PREVIOUS = select(LastSeen.version, LastSeen.data).where(LastSeen.subject_id == bindparam("key")).cte("previous")
_UPSERT = insert(LastSeen).values(subject_id=bindparam("key"), version=bindparam("version"), data=bindparam("data"))
_UPSERT = _UPSERT.on_conflict_do_update(index_elements=[LastSeen.subject_id],
                                        set_={"version": _UPSERT.excluded.version, "data": _UPSERT.excluded.data},
                                        where=LastSeen.version < _UPSERT.excluded.version)
_REMEMBER = select(_PREVIOUS.c.version, _PREVIOUS.c.data).add_cte(_UPSERT.cte("upsert"))
