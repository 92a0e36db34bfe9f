"""The customer read model's repository: its rows (CustomerView) and their lineage paths.

Each row keeps `path` = its lineage root..self. A customer that arrives before its parent is
known gets the partial path [parent, self]; it is completed when the parent arrives, whose
creation rewrites its subtree's paths (services/customer_events.py).

The consumer prepares a batch of events in two statements (`lock_for_batch`): every row they change
and every parent they name, locked, and which of them have children. Then `get`, `path_for` and
`rewrite_subtree` answer from memory, and the batch's inserts and updates go out in one flush.
"""
from __future__ import annotations

import uuid

from b2b_shared.messaging.batches import batch_cache, batch_cached
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session

from ..domain.records import CustomerView

# The moved customer's subtree takes the new prefix; its own tail after the moved id stays. Only a
# customer with children has a subtree: that is asked of the parent_id index first (a one-time filter),
# because a bulk import leaves the path's GIN index with a long pending list that every search reads.
_REWRITE_SUBTREE = text("""
    UPDATE customer_read_model
       SET path = CAST(:prefix AS uuid[]) || path[array_position(path, CAST(:id AS uuid)) + 1:]
     WHERE EXISTS (SELECT 1 FROM customer_read_model child WHERE child.parent_id = CAST(:id AS uuid))
       AND path @> ARRAY[CAST(:id AS uuid)] AND id <> CAST(:id AS uuid)
""")


_ANY_ID = func.any(bindparam("ids", type_=ARRAY(UUID(as_uuid=True))))
# Locked in id order, so that two replicas' batches cannot deadlock on each other's rows.
_LOCK_ROWS = select(CustomerView).where(CustomerView.id == _ANY_ID).order_by(CustomerView.id).with_for_update()
_WITH_CHILDREN = select(CustomerView.parent_id).where(CustomerView.parent_id == _ANY_ID).distinct()
# The batch's caches (b2b_shared.messaging.batches): id -> row (None: not here), and the ids known to
# have no children (no subtree to rewrite).
_ROWS, _CHILDLESS = "users_roles.customers", "users_roles.childless"


class CustomerReadModel:
    def __init__(self, session: Session):
        self.session = session

    def lock_for_batch(self, customer_ids: set[uuid.UUID]) -> None:
        rows, childless = batch_cache(self.session, _ROWS), batch_cache(self.session, _CHILDLESS)
        if not (ids := sorted(i for i in customer_ids if i not in rows)):
            return
        rows.update(dict.fromkeys(ids))
        rows.update({row.id: row for row in self.session.scalars(_LOCK_ROWS, {"ids": ids})})
        childless.update(dict.fromkeys(ids, True))
        for parent_id in self.session.scalars(_WITH_CHILDREN, {"ids": ids}):
            childless.pop(parent_id, None)

    def get(self, customer_id: uuid.UUID, for_update: bool = False) -> CustomerView | None:
        """From the batch's rows when prepared (they are locked already)."""
        if (rows := batch_cached(self.session, _ROWS)) and customer_id in rows:
            return rows[customer_id]
        return self.session.get(CustomerView, customer_id, with_for_update=for_update or None)

    def by_external_id(self, external_id: str) -> list[CustomerView]:
        """The customers (not deleted) that have this external id: one, or none. Customers keeps it
        unique; only events of two customers applied out of order can make it two for a moment."""
        return list(self.session.scalars(select(CustomerView).where(
            CustomerView.external_id == external_id, CustomerView.status != "deleted").limit(2)))

    def lineage(self, customer_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
        path = self.session.scalar(select(CustomerView.path).where(CustomerView.id == customer_id))
        return tuple(path) if path else (customer_id,)

    def path_for(self, customer_id: uuid.UUID, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
        """Also a child's: its parent is taken to have children from now on."""
        if parent_id is None:
            return [customer_id]
        batch_cached(self.session, _CHILDLESS).pop(parent_id, None)
        if (rows := batch_cached(self.session, _ROWS)) and parent_id in rows:
            parent = rows[parent_id]
            return [*(parent.path if parent is not None else (parent_id,)), customer_id]
        return [*self.lineage(parent_id), customer_id]

    def add(self, customer: CustomerView) -> None:
        self.session.add(customer)
        if customer.id in (rows := batch_cached(self.session, _ROWS)):
            rows[customer.id] = customer

    def rewrite_subtree(self, customer: CustomerView) -> None:
        """After `customer.path` changed: give every descendant the new prefix (one UPDATE, GIN index),
        unless the batch knows it has none; the batch's rows below it read theirs again."""
        if batch_cached(self.session, _CHILDLESS).get(customer.id):
            return
        self.session.flush()
        self.session.execute(_REWRITE_SUBTREE, {"prefix": [str(i) for i in customer.path], "id": str(customer.id)})
        for row in batch_cached(self.session, _ROWS).values():
            if row is not None and row is not customer and customer.id in row.path:
                self.session.expire(row, ["path"])
