"""The mixin of the resources whose life is three events: created, updated, deleted.

Price lists, their assignments, payment terms, tax codes and their assignments all change the
same way; each class names its own events (`event_names`, domain/events.py).
"""
from __future__ import annotations

import uuid
from typing import ClassVar

from b2b_shared.db.versioned import Versioned

from .events import Lifecycle


class Resource(Versioned):
    event_names: ClassVar[Lifecycle]

    @classmethod
    def create(cls, **fields):
        resource = cls(id=uuid.uuid4(), **fields)
        resource.record(cls.event_names.created)
        return resource

    def update(self, **changes) -> bool:
        """Set what differs; the updated event only when something did."""
        return self.change(self.event_names.updated, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion with the resource as it last was; the repository removes the row."""
        self.record_deletion(self.event_names.deleted, last_state)
