"""Applying `customer.*` events to the read model; a customer that stops being active (made
inactive or deleted) disables its users. Runs inside the consumer's transaction."""
from __future__ import annotations

import datetime as dt

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.records import CustomerRecord
from ..messaging.consumed import CustomerData


def apply_customer(uow: UsersRolesUnitOfWork, customer: CustomerData) -> str:
    record = uow.customers.get(customer.id, for_update=True)
    if record is not None and record.version >= customer.version:
        return "stale"  # an old or duplicate version: already applied
    if record is None:
        record = CustomerRecord(id=customer.id, parent_id=customer.parent_id, status=customer.status,
                                version=customer.version, path=uow.customers.path_for(customer.id, customer.parent_id),
                                sales_rep_ids=list(customer.sales_rep_ids))
        uow.customers.add(record)
        uow.customers.rewrite_subtree(record)  # children that arrived first get their full path
    else:
        moved = record.parent_id != customer.parent_id
        record.parent_id, record.status, record.version = customer.parent_id, customer.status, customer.version
        record.sales_rep_ids = list(customer.sales_rep_ids)
        if moved:
            record.path = uow.customers.path_for(customer.id, customer.parent_id)
            uow.customers.rewrite_subtree(record)
    if customer.status != "active":  # idempotent: only users still enabled are disabled
        _disable_users(uow, record)
    uow.commit()
    return "applied"


def _disable_users(uow: UsersRolesUnitOfWork, record: CustomerRecord) -> None:
    moment = dt.datetime.now(dt.timezone.utc)
    for user in uow.users.enabled_of_customers([record.id]):
        user.disable()
        uow.refresh_tokens.revoke_user(user.id, moment)
