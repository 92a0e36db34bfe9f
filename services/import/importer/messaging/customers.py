"""The customers' status from customers' events (tolerant reader): a customer made inactive or
deleted stops its users here too, within the event's latency. A late or repeated event changes
nothing (the newer version wins)."""
from __future__ import annotations

import uuid

from b2b_shared.auth.principal_events import upsert_newer
from b2b_shared.messaging.envelope import CloudEvent

from ..adapters.tables import customers

CUSTOMER_EVENTS = ("customer.created", "customer.updated", "customer.moved", "customer.deleted", "customer.snapshot")


def customer_changed(uow, event: CloudEvent) -> None:
    data = event.data
    customer_id = uuid.UUID(str(data.get("id") or event.subject))
    status = "deleted" if data.get("deleted") else str(data.get("status") or "active")
    with uow:
        upsert_newer(uow.session, customers, {"id": customer_id, "lineage": [customer_id], "status": status,
                                              "version": int(data["version"])})
