"""A customer's activity timeline, newest first: one keyset page, filtered by type and time, of
the customer alone or of its whole subtree (within what the caller reaches)."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from b2b_shared.db.paging import Sort, keyset_page, keyset_window, page_of
from b2b_shared.http.access import Access
from sqlalchemy import or_, select, true
from sqlalchemy.orm import aliased

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.activity import ActivityEntry
from ..domain.model import Customer
from .customers import get_customer

NEWEST_FIRST = Sort("occurred_at", ActivityEntry.occurred_at, descending=True)


@dataclass(frozen=True)
class ActivityFilters:
    # `order.placed` is one type; `order` (no dot) is every `order.*` type.
    types: tuple[str, ...] = ()
    since: dt.datetime | None = None  # inclusive
    until: dt.datetime | None = None  # exclusive
    include_subsidiaries: bool = False


def list_activity(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, filters: ActivityFilters,
                  limit: int, cursor: str | None):
    with uow:
        get_customer(uow, customer_id)
        if not filters.include_subsidiaries:
            stmt = _filtered(select(ActivityEntry).where(ActivityEntry.customer_id == customer_id), filters)
            return keyset_page(uow.session, stmt, NEWEST_FIRST, ActivityEntry.id, limit, cursor)
        return _subtree_page(uow, access, customer_id, filters, limit, cursor)


def subtree_of(customer_id: uuid.UUID):
    """The ids of the customer and all its subsidiaries, as they are now."""
    return select(Customer.id).where(Customer.lineage.contains([customer_id]))


def _subtree_page(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, filters: ActivityFilters,
                  limit: int, cursor: str | None):
    """The newest entries of each customer of the subtree (one index range each), merged: a
    subtree's page costs a few index probes instead of sorting every entry of the subtree."""
    members = subtree_of(customer_id)
    if not access.unrestricted:
        members = members.where(access.condition(Customer.id))
    members = members.subquery()
    own = _filtered(select(ActivityEntry).where(ActivityEntry.customer_id == members.c.id), filters)
    newest = keyset_window(own, NEWEST_FIRST, ActivityEntry.id, limit, cursor).lateral()
    entry = aliased(ActivityEntry, newest)
    merged = select(entry).select_from(members).join(newest, true())
    rows = uow.session.scalars(keyset_window(merged, NEWEST_FIRST.on(entry.occurred_at), entry.id, limit, None)).all()
    return page_of(rows, NEWEST_FIRST, limit)


def _filtered(stmt, filters: ActivityFilters):
    if filters.types:
        stmt = stmt.where(or_(*(_of_type(name) for name in filters.types)))
    if filters.since:
        stmt = stmt.where(ActivityEntry.occurred_at >= filters.since)
    if filters.until:
        stmt = stmt.where(ActivityEntry.occurred_at < filters.until)
    return stmt


def _of_type(name: str):
    return ActivityEntry.type == name if "." in name else ActivityEntry.type.startswith(f"{name}.", autoescape=True)
