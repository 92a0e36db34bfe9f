"""Feeding the customers consumer the way the broker would: envelopes from the service's own outbox
(its own events, read back) or made as another service would send them, through `Consumer.process`
(the inbox and the handlers of the real timeline queue)."""
from __future__ import annotations

import uuid

from b2b_shared.config import sqlalchemy_url
from b2b_shared.db.tables import outbox_table
from b2b_shared.messaging.envelope import CloudEvent, make_envelope, to_json
from customers.domain.model import Base
from sqlalchemy import create_engine, select

OUTBOX = outbox_table(Base.metadata)


def as_event(envelope: dict) -> CloudEvent:
    return CloudEvent.from_json(to_json(envelope).encode())


def foreign(event_type: str, data: dict, source: str = "/b2b/pricing", subject: str | None = None) -> CloudEvent:
    return as_event(make_envelope(event_type, source, subject or str(data.get("id") or uuid.uuid4()), data, None))


def order(event_type: str, order_id: str, customer_id: str, total: str = "100.00", currency: str = "EUR",
          occurred_at: str = "2026-01-02T03:04:05Z") -> CloudEvent:
    data = {"order_id": order_id, "customer_id": customer_id, "total": total, "currency": currency,
            "occurred_at": occurred_at}
    return foreign(event_type, data, source="/shop/orders", subject=order_id)


def own_events(config, *subjects: str) -> list[CloudEvent]:
    """The service's outbox rows about `subjects`, in the order they were written."""
    engine = create_engine(sqlalchemy_url(config.database_url))
    with engine.connect() as db:
        rows = db.execute(select(OUTBOX.c.envelope).where(OUTBOX.c.subject.in_(subjects)).order_by(OUTBOX.c.seq))
        events = [as_event(row.envelope) for row in rows]
    engine.dispose()
    return events
