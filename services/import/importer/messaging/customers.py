"""The customers' status from customers' events (tolerant reader): a customer made inactive or
deleted stops its users here too, within the event's latency. A late or repeated event changes
nothing (the newer version wins). A batch's statuses are written in one statement when its
transaction commits (b2b_shared/messaging/batches.py): nothing in the batch reads them back."""
from __future__ import annotations

import uuid

from b2b_shared.messaging.batches import by_column, deferred_rows, newest, upsert_newer
from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy.orm import Session

from ..adapters.tables import customers

CUSTOMER_EVENTS = ("customer.created", "customer.updated", "customer.moved", "customer.deleted", "customer.snapshot")


def customer_changed(uow, event: CloudEvent) -> None:
    data = event.data
    customer_id = uuid.UUID(str(data.get("id") or event.subject))
    status = "deleted" if data.get("deleted") else str(data.get("status") or "active")
    with uow:
        deferred_rows(uow.session, _write_statuses).append(
            {"id": customer_id, "lineage": [customer_id], "status": status, "version": int(data["version"])})


def _write_statuses(session: Session, rows: list[dict]) -> None:
    session.execute(_UPSERT, by_column(newest(rows), customers))


_UPSERT = upsert_newer(customers)
