"""Applying `customer.*` events to the read model, and following its status changes with its
users. Runs inside the consumer's transaction: the unit of work joins it (adapters/wiring.py).

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
from ..domain.records import CustomerView
from ..messaging.consumed import CustomerChange


def prepare_customers(uow: UsersRolesUnitOfWork, changes: list[CustomerChange]) -> None:
    """Before a batch of changes: their rows and their parents' in one locked read, so that each
    change below finds what it reads in memory (adapters/read_model.py)."""
    with uow:
        uow.customers.lock_for_batch({c.id for c in changes} | {c.parent_id for c in changes if c.parent_id})


def apply_customer(uow: UsersRolesUnitOfWork, change: CustomerChange) -> str:
    with uow:
        known = uow.customers.get(change.id, for_update=True)
        if known is not None and known.version >= change.version:
            if known.version == change.version and known.external_id != change.external_id:
                # The same state: fills in what the read model did not keep before migration 0005
                # (`b2b-service republish customers` sends every customer at its current version).
                known.external_id = change.external_id
                uow.commit()
            return "stale"  # an old or duplicate version: already applied
        previous_status = known.status if known is not None else None
        if known is None:
            _add(uow, change)
        else:
            _update(uow, known, change)
        if change.status != previous_status and not (known is None and change.status == "active"):
            # (a customer new here has no users its deactivation disabled: nothing to re-enable)
            _follow_status(uow, change.id, change.status)
        uow.commit()
        return "applied"


def _add(uow: UsersRolesUnitOfWork, change: CustomerChange) -> None:
    known = CustomerView(id=change.id, parent_id=change.parent_id, status=change.status, version=change.version,
                         path=uow.customers.path_for(change.id, change.parent_id),
                         sales_rep_ids=list(change.sales_rep_ids), external_id=change.external_id)
    uow.customers.add(known)
    uow.customers.rewrite_subtree(known)  # children that arrived first get their full path


def _update(uow: UsersRolesUnitOfWork, known: CustomerView, change: CustomerChange) -> None:
    moved = known.parent_id != change.parent_id
    known.parent_id, known.status, known.version = change.parent_id, change.status, change.version
    known.sales_rep_ids = list(change.sales_rep_ids)
    known.external_id = change.external_id
    if moved:
        known.path = uow.customers.path_for(change.id, change.parent_id)
        uow.customers.rewrite_subtree(known)


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
