"""What the consumer does with each event type it is bound to (queue users-roles.customer-events).
Each handler gets the service's unit of work joined to the consumer's transaction (service.py)."""
from __future__ import annotations

from b2b_shared.messaging.envelope import CloudEvent

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..services.customer_events import apply_customer
from .consumed import CustomerData

QUEUE = "users-roles.customer-events"


def customer_changed(uow: UsersRolesUnitOfWork, event: CloudEvent) -> None:
    apply_customer(uow, CustomerData.from_event(event))


HANDLERS = {
    "customer.created": customer_changed,
    "customer.updated": customer_changed,
    "customer.moved": customer_changed,
    "customer.deleted": customer_changed,
    "customer.snapshot": customer_changed,  # republished on request, to rebuild the read model
}
