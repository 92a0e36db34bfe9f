"""A write that names a customer or a customer group names one that exists: pricing checks it
against its read model (customer.* and customer_group.* events), so no assignment, payment term,
tax code or balance entry points at nothing. The read model trails the customers service by the
time an event takes (milliseconds): a customer created a moment ago may be refused once, and a
retry succeeds."""
from __future__ import annotations

import uuid

from b2b_shared.errors import NotFound, ValidationFailed

from ..domain.levels import CUSTOMER, CUSTOMER_GROUP


def check_target_exists(uow, level: str, target_id: uuid.UUID | None, field: str = "target_id") -> None:
    """For a body naming its target: one unknown (or deleted) is the client's field error."""
    if level == CUSTOMER and not uow.customers.known(target_id):
        raise ValidationFailed({field: ["No such customer."]})
    if level == CUSTOMER_GROUP and not uow.customer_groups.known(target_id):
        raise ValidationFailed({field: ["No such customer group."]})


def check_customer_exists(uow, customer_id: uuid.UUID) -> None:
    """For a write under /balances/{customer_id}: the customer is the body's subject, so its
    absence is a field error as for any other reference."""
    check_target_exists(uow, CUSTOMER, customer_id, "customer_id")


def existing_target(uow, level: str, target_id: uuid.UUID) -> None:
    """For a path naming its target (a fallback): one unknown is 404, like any unknown path."""
    try:
        check_target_exists(uow, level, target_id)
    except ValidationFailed:
        raise NotFound(f"No {level.replace('_', ' ')} {target_id} is known here.") from None
