"""What the consumer does with each event type it is bound to (queue users-roles.customer-events).
Each handler is handed the service's unit of work joined to the consumer's transaction
(adapters/wiring.py joined_uow, named in service.py): its effect, its events and the inbox row
commit together."""
from __future__ import annotations

from b2b_shared.messaging.envelope import CloudEvent

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..services.customer_events import apply_customer
from .consumed import CustomerChange

QUEUE = "users-roles.customer-events"


def customer_changed(uow: UsersRolesUnitOfWork, event: CloudEvent) -> None:
    apply_customer(uow, CustomerChange.from_event(event))


HANDLERS = {
    "customer.created": customer_changed,
    "customer.updated": customer_changed,
    "customer.moved": customer_changed,
    "customer.deleted": customer_changed,
    "customer.snapshot": customer_changed,  # republished on request, to rebuild the read model
}
