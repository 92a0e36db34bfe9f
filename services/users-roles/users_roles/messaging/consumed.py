"""Our own reading of the events we consume (tolerant reader): only the fields we use, and
anything else the publisher adds is ignored. Shape: customers' CustomerSchema; `customer.deleted`
carries the last state with `"deleted": true` and version + 1."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from b2b_shared.messaging.envelope import CloudEvent


@dataclass(frozen=True)
class CustomerChange:
    """What one `customer.*` event says the customer now is (the read model keeps it: CustomerView)."""

    id: uuid.UUID
    parent_id: uuid.UUID | None
    status: str  # active | inactive | deleted
    version: int
    sales_rep_ids: tuple[uuid.UUID, ...] = ()
    external_id: str | None = None  # the import's way of naming a customer

    @classmethod
    def from_event(cls, event: CloudEvent) -> "CustomerChange":
        data = event.data
        parent = data.get("parent_id")
        deleted = event.type == "customer.deleted" or data.get("deleted") is True
        return cls(
            id=uuid.UUID(str(data.get("id") or event.subject)),
            parent_id=uuid.UUID(str(parent)) if parent else None,
            status="deleted" if deleted else str(data.get("status") or "active"),
            version=int(data["version"]),
            sales_rep_ids=tuple(uuid.UUID(str(rep)) for rep in data.get("sales_rep_ids") or ()),
            external_id=str(data["external_id"]) if data.get("external_id") else None,
        )
