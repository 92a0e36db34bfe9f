"""What the consumer does with each event type it is bound to (queue users-roles.customer-events).
Each handler is handed the service's unit of work joined to the consumer's transaction
(adapters/wiring.py joined_uow, named in service.py): its effect, its events and the inbox row
commit together."""
from __future__ import annotations

from b2b_shared.messaging.batches import Batched
from b2b_shared.messaging.envelope import CloudEvent

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..services.customer_events import apply_customer, prepare_customers
from .consumed import CustomerChange

QUEUE = "users-roles.customer-events"


def apply_change(uow: UsersRolesUnitOfWork, event: CloudEvent) -> None:
    apply_customer(uow, CustomerChange.from_event(event))


def prepare_changes(uow: UsersRolesUnitOfWork, events: list[CloudEvent]) -> None:
    prepare_customers(uow, [CustomerChange.from_event(event) for event in events])


# A batch of changes is read in two statements and written in one flush (b2b_shared.messaging.batches);
# its commits wait for the batch's end, as nothing here deletes a row.
customer_changed = Batched(apply_change, prepare_changes, commits_once=True)

HANDLERS = {
    "customer.created": customer_changed,
    "customer.updated": customer_changed,
    "customer.moved": customer_changed,
    "customer.deleted": customer_changed,
    "customer.snapshot": customer_changed,  # republished on request, to rebuild the read model
}
