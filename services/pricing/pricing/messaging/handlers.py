"""What pricing does with each event it consumes (queue `pricing.customer-events`).

Each handler runs inside the consumer's transaction with the inbox row (b2b_shared consumer);
it must not commit. Versions already applied are skipped in the upsert itself, so an event
that arrives late or twice changes nothing.
"""
from __future__ import annotations

from b2b_shared.auth.principal_events import PRINCIPAL_HANDLERS
from b2b_shared.logging import get_logger
from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy.orm import Session

from ..adapters.read_model import CustomerReadModel
from .consumed import customer_view

log = get_logger(__name__)
QUEUE = "pricing.customer-events"


def upsert_customer(session: Session, event: CloudEvent) -> None:
    view = customer_view(event)
    if not CustomerReadModel(session).apply(view):
        log.info("read_model.stale_event_skipped", event_type=event.type, customer_id=str(view["id"]),
                 version=view["version"])


HANDLERS = {
    "customer.created": upsert_customer,
    "customer.updated": upsert_customer,
    "customer.moved": upsert_customer,
    "customer.deleted": upsert_customer,  # kept as a tombstone: an older event cannot revive it
    "customer.snapshot": upsert_customer,  # republished on request, to rebuild this read model
    **PRINCIPAL_HANDLERS,  # who may call us: customer_user.*, staff_user.*, role.*
}
