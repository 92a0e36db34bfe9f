"""What pricing does with each event it consumes (queue `pricing.customer-events`).

Each handler runs inside the consumer's transaction with the inbox row (b2b_shared consumer), on
the pricing unit of work joined to it (service.py), so what it records reaches the outbox in
that transaction; it must not commit. Versions already applied are skipped in the upsert itself,
so an event that arrives late or twice changes nothing. A customer or group deleted takes its
assignments with it (services/deleted_targets.py).
"""
from __future__ import annotations

from b2b_shared.auth.principal_events import PRINCIPAL_HANDLERS
from b2b_shared.logging import get_logger
from b2b_shared.messaging.batches import Batched
from b2b_shared.messaging.envelope import CloudEvent

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.levels import CUSTOMER, CUSTOMER_GROUP
from ..services.deleted_targets import remove_assignments_of
from .consumed import customer_view, group_view

log = get_logger(__name__)
QUEUE = "pricing.customer-events"


def apply_customer(uow: PricingUnitOfWork, event: CloudEvent) -> None:
    view = customer_view(event)
    with uow:
        applied = uow.customers.apply(view, refresh=event.type == "customer.snapshot")
        _settle(uow, event, applied, view, CUSTOMER)


def prepare_customers(uow: PricingUnitOfWork, events: list[CloudEvent]) -> None:
    """A batch's customers and their parents, read and locked in one statement (adapters/read_model.py)."""
    views = [customer_view(event) for event in events]
    with uow:
        uow.customers.lock_for_batch({v["id"] for v in views} | {v["parent_id"] for v in views if v["parent_id"]})


# Commits stay per event: a deletion's assignments go, and their events reach the outbox, before the next.
customer_changed = Batched(apply_customer, prepare_customers)


def group_changed(uow: PricingUnitOfWork, event: CloudEvent) -> None:
    view = group_view(event)
    with uow:
        applied = uow.customer_groups.apply(view, refresh=event.type == "customer_group.snapshot")
        _settle(uow, event, applied, view, CUSTOMER_GROUP)


def _settle(uow: PricingUnitOfWork, event: CloudEvent, applied: bool, view: dict, level: str) -> None:
    if not applied:
        log.info("read_model.stale_event_skipped", event_type=event.type, id=str(view["id"]), version=view["version"])
    elif view["deleted"]:
        removed = remove_assignments_of(uow, level, view["id"])
        log.info("read_model.target_deleted", level=level, id=str(view["id"]), assignments_removed=removed)
    uow.commit()


def _on_session(handler):
    """A handler of the shared principal read model, which takes the consumer's session."""
    def run(uow: PricingUnitOfWork, event: CloudEvent) -> None:
        with uow:
            handler(uow.session, event)
    return run


HANDLERS = {
    "customer.created": customer_changed,
    "customer.updated": customer_changed,
    "customer.moved": customer_changed,
    "customer.deleted": customer_changed,  # kept as a tombstone: an older event cannot revive it
    "customer.snapshot": customer_changed,  # republished on request, to rebuild this read model
    "customer_group.created": group_changed,
    "customer_group.updated": group_changed,
    "customer_group.deleted": group_changed,
    "customer_group.snapshot": group_changed,  # once the customers service republishes groups
    # who may call us: customer_user.*, staff_user.*, role.*
    **{event_type: _on_session(handler) for event_type, handler in PRINCIPAL_HANDLERS.items()},
}
