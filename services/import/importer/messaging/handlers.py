"""What the import consumer does with each event it is bound to (queue import.events): the owning
services' answers to its batches and export pages, customers' status (messaging/customers.py), and
users-roles' events for the principal read model (who may call us) and the users' email addresses
(where completion emails go)."""
from __future__ import annotations

import uuid

from b2b_shared.auth.principal_events import PRINCIPAL_HANDLERS
from b2b_shared.messaging.envelope import CloudEvent
from b2b_shared.messaging.export_pages import READY
from b2b_shared.messaging.import_batches import APPLIED

from ..adapters.unit_of_work import ImportUnitOfWork
from ..services.answers import record_answer
from ..services.exports import record_page
from .customers import CUSTOMER_EVENTS, customer_changed

QUEUE = "import.events"


def batch_answered(uow: ImportUnitOfWork, event: CloudEvent) -> None:
    record_answer(uow, event.data)


def export_page_ready(uow: ImportUnitOfWork, event: CloudEvent) -> None:
    record_page(uow, event.data)


def _with_email(principal_handler):
    def handle(uow: ImportUnitOfWork, event: CloudEvent) -> None:
        with uow:
            principal_handler(uow.session, event)
            data = event.data
            if data.get("email") and not data.get("deleted"):
                uow.jobs.remember_email(uuid.UUID(data["id"]), data["email"], int(data["version"]))
    return handle


def _session_only(principal_handler):
    def handle(uow: ImportUnitOfWork, event: CloudEvent) -> None:
        with uow:
            principal_handler(uow.session, event)
    return handle


HANDLERS = {
    APPLIED: batch_answered,
    READY: export_page_ready,
    **dict.fromkeys(CUSTOMER_EVENTS, customer_changed),  # whether a customer user's customer is active
    **{event_type: (_with_email(handler) if event_type.startswith(("customer_user.", "staff_user."))
                    else _session_only(handler))
       for event_type, handler in PRINCIPAL_HANDLERS.items()},
}
