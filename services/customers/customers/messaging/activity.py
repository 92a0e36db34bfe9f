"""The timeline's writer: every event the customers consumer is bound to for the timeline becomes
an entry (domain/activity_entries.py says which customer, when, who and what), in the consumer's
transaction, so the inbox that drops repeated event ids drops repeated entries too; the entry's id
is the event's id besides, so a republished event cannot make a second one.
"""
from __future__ import annotations

import datetime as dt

from b2b_shared.messaging.batches import batch_cache, by_column, deferred_rows, newest, upsert_newer
from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy import String, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
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


def remember_all(session: Session, events: list[CloudEvent]) -> None:
    """The batch's prepare step (b2b_shared/messaging/batches.py): the states last seen of every
    resource its events name, in one statement, for `_remember` to find in memory."""
    _last_seen(session, [key for event in events if (key := _key(event))])


def _remember(session: Session, event: CloudEvent) -> dict | None:
    """The state last seen of the event's resource (None if none), replaced by the event's own when
    it is newer. Only versioned resources are remembered: the others have no `.updated`."""
    key, version = _key(event), event.data.get("version")
    if key is None:
        return None
    seen = _last_seen(session, [key])
    previous = seen[key]
    if previous is not None and previous[0] >= version:
        return None
    seen[key] = (version, event.data)
    deferred_rows(session, _write_last_seen).append({"subject_id": key, "version": version, "data": event.data})
    return previous[1] if previous is not None else None


def _key(event: CloudEvent) -> str | None:
    subject, version = event.data.get("id") or event.subject, event.data.get("version")
    if not subject or not isinstance(version, int):
        return None
    return f"{event.type.split('.', 1)[0]}:{subject}"


def _last_seen(session: Session, keys: list[str]) -> dict[str, tuple[int, dict] | None]:
    """key -> (version, data) last seen, or None; what this batch has not asked yet is read now."""
    seen = batch_cache(session, "customers.last_seen")
    if missing := [key for key in dict.fromkeys(keys) if key not in seen]:
        seen.update(dict.fromkeys(missing))
        seen.update({row.subject_id: (row.version, row.data) for row in session.execute(_READ, {"keys": missing})})
    return seen


def _write_last_seen(session: Session, rows: list[dict]) -> None:
    """Each resource's newest state of the batch, in one statement (an older one stored meanwhile loses)."""
    session.execute(_UPSERT, by_column(newest(rows, "subject_id"), _LAST_SEEN))


_LAST_SEEN = LastSeen.__table__
_READ = select(LastSeen.subject_id, LastSeen.version, LastSeen.data).where(
    LastSeen.subject_id == func.any(bindparam("keys", type_=ARRAY(String))))
_UPSERT = upsert_newer(_LAST_SEEN)
