"""What the consumer does with each event type it is bound to (queue users-roles.customer-events)."""
from __future__ import annotations

from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy.orm import Session

from ..adapters.unit_of_work import UNIQUE_VIOLATIONS, UsersRolesUnitOfWork
from ..config import load_config
from ..services.customer_events import apply_customer
from .consumed import CustomerData
from .published import SERIALIZERS

QUEUE = "users-roles.customer-events"
# Only the service name matters here (the events' source and the outbox NOTIFY channel).
_CONFIG = load_config()


def customer_changed(session: Session, event: CloudEvent) -> None:
    uow = UsersRolesUnitOfWork(None, _CONFIG, SERIALIZERS, UNIQUE_VIOLATIONS, joined_session=session)
    with uow:
        apply_customer(uow, CustomerData.from_event(event))


HANDLERS = {
    "customer.created": customer_changed,
    "customer.updated": customer_changed,
    "customer.moved": customer_changed,
    "customer.deleted": customer_changed,
}
