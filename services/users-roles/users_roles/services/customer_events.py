"""Applying `customer.*` events to the read model, and following its status changes with its
users. Runs inside the consumer's transaction.

- Made inactive: its enabled users are disabled (`customer_user.disabled`, refresh tokens
  revoked) and marked `disabled_with_customer`.
- Made active again: exactly the marked users are re-enabled (`customer_user.updated`, as an
  enabling by hand); those an administrator disabled, before or during the inactivity, stay
  disabled, and old tokens stay cut off.
- Deleted: its enabled users are disabled and every mark is cleared: nothing re-enables them.

Only a change of status acts: a later event of a customer still inactive (a rename, a move)
leaves its users as they are, so a user an administrator enabled during the inactivity stays
enabled (it cannot sign in until the customer is active: services/auth.py). An old or repeated
version is ignored before anything happens."""
from __future__ import annotations

import datetime as dt

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.records import CustomerRecord
from ..messaging.consumed import CustomerData


def apply_customer(uow: UsersRolesUnitOfWork, customer: CustomerData) -> str:
    record = uow.customers.get(customer.id, for_update=True)
    if record is not None and record.version >= customer.version:
        return "stale"  # an old or duplicate version: already applied
    previous = record.status if record is not None else None
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
    if customer.status != previous:
        _follow_status(uow, record.id, customer.status)
    uow.commit()
    return "applied"


def _follow_status(uow: UsersRolesUnitOfWork, customer_id, status: str) -> None:
    if status == "active":
        for user in uow.users.disabled_with_customer(customer_id):
            user.enable_with_customer()
        return
    moment = dt.datetime.now(dt.timezone.utc)
    deleted = status == "deleted"
    for user in uow.users.enabled_of_customers([customer_id]):
        user.disable(with_customer=None if deleted else moment)
        uow.refresh_tokens.revoke_user(user.id, moment)
    if deleted:
        for user in uow.users.disabled_with_customer(customer_id):
            user.forget_customer()
