"""Which customer an event concerns, when it happened, who did it: the rules that turn an event from
anywhere in the suite into a timeline entry (the one-line summaries are activity_summaries.py).

Tolerant readers: only the fields used here are read, anything else is ignored, and an event that
concerns no customer (a price list assigned to a group, a global role) makes no entry.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from .activity_summaries import summary_of

# Fields that change with every change: never listed as what changed.
BOOKKEEPING = frozenset({"version", "updated_at", "created_at"})


@dataclass(frozen=True)
class Entry:
    customer_id: uuid.UUID
    occurred_at: dt.datetime
    type: str
    actor_id: uuid.UUID | None
    summary: str
    details: dict = field(default_factory=dict)


def customer_of(event_type: str, data: dict, subject: str | None) -> uuid.UUID | None:
    """The customer the event is about, or None when it is about no single customer."""
    kind = event_type.split(".", 1)[0]
    if kind == "customer":
        value = data.get("id") or subject
    elif kind in ("price_list_assignment", "payment_term_assignment"):
        value = data.get("target_id") if data.get("level") == "customer" else None
    else:
        value = data.get("customer_id")
    return _uuid(value)


def occurred_at(event_type: str, data: dict, now: dt.datetime) -> dt.datetime:
    """The resource's own time of the change where it says one; a deletion's last state is older
    than the deletion, so it is timed when it is seen (the envelope's `time` is not read)."""
    if event_type.endswith(".deleted"):
        return now
    entry = data.get("entry") if isinstance(data.get("entry"), dict) else {}  # balance.changed's posting
    for value in (data.get("occurred_at"), entry.get("created_at"), data.get("updated_at"), data.get("created_at")):
        moment = _moment(value)
        if moment is not None:
            return moment
    return now


def actor_of(event_type: str, data: dict) -> uuid.UUID | None:
    """Who did it, where the event says: no envelope in the suite carries an actor yet, so only
    an `actor_id` in the data, or the author of what was just written (a note, a task)."""
    if event_type.endswith(".created"):
        return _uuid(data.get("actor_id") or data.get("author_id"))
    return _uuid(data.get("actor_id"))


def changed_fields(previous: dict | None, data: dict) -> list[str] | None:
    """The fields that differ from the last state seen (None: no earlier state was seen)."""
    if previous is None:
        return None
    names = (set(previous) | set(data)) - BOOKKEEPING
    return sorted(name for name in names if previous.get(name) != data.get(name))


def entry_for(event_type: str, data: dict, subject: str | None, previous: dict | None,
              now: dt.datetime) -> Entry | None:
    customer_id = customer_of(event_type, data, subject)
    if customer_id is None:
        return None
    changed = changed_fields(previous, data) if event_type.endswith((".updated", ".disabled")) else None
    details = {"changed_fields": changed} if changed is not None else {}
    if event_type == "customer.moved":
        details = {"parent_id": data.get("parent_id"), "previous_parent_id": data.get("previous_parent_id")}
    return Entry(customer_id, occurred_at(event_type, data, now), event_type, actor_of(event_type, data),
                 summary_of(event_type, data, changed), details)


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _moment(value) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)
