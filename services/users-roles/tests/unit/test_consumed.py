"""Reading customer events tolerantly."""
from __future__ import annotations

import uuid

from b2b_shared.messaging.envelope import CloudEvent
from users_roles.messaging.consumed import CustomerChange


def event(event_type: str, **data) -> CloudEvent:
    return CloudEvent(id="1", type=event_type, source="/b2b/customers", subject=None, data=data)


def test_unknown_fields_are_ignored_and_a_missing_status_means_active():
    customer_id = uuid.uuid4()
    read = CustomerChange.from_event(event("customer.created", id=str(customer_id), version=1, shiny="new"))
    assert read == CustomerChange(customer_id, None, "active", 1)


def test_a_deletion_reads_as_status_deleted():
    read = CustomerChange.from_event(event("customer.deleted", id=str(uuid.uuid4()), version=4, deleted=True,
                                           status="active"))
    assert read.status == "deleted"
