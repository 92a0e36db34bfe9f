"""How a domain object records what happened, for the unit of work to turn into outbox rows."""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

_order = itertools.count()


@dataclass
class RecordedEvent:
    """`customer.created` of this aggregate; its data is rendered at commit, after the flush, so
    that it carries the version and timestamps the database settled on."""

    type: str
    aggregate: Any
    snapshot: dict | None = None  # set for deletions: the resource as it last was
    payload: dict = field(default_factory=dict)  # what the event adds to the resource (JSON-ready)
    order: int = field(default_factory=lambda: next(_order))


class RecordsEvents:
    """Mixin for ORM models: `self.record(CUSTOMER_MOVED, previous_parent_id=...)`; keyword
    arguments are the event's payload, added to the resource in its data."""

    def record(self, event_type: str, snapshot: dict | None = None, **payload) -> None:
        pending = self.__dict__.setdefault("_recorded_events", [])
        pending.append(RecordedEvent(event_type, self, snapshot, payload))

    def pop_events(self) -> list[RecordedEvent]:
        return self.__dict__.pop("_recorded_events", [])


@dataclass(frozen=True)
class EmittedSubject:
    """What an emitted event is about when no aggregate records it (UnitOfWork.emit): its id
    (the CloudEvents subject) and the metadata whose outbox it goes to."""

    id: str
    metadata: Any
