"""The customer read model's repository: its rows (CustomerView) and their lineage paths.

Each row keeps `path` = its lineage root..self. A customer that arrives before its parent is
known gets the partial path [parent, self]; it is completed when the parent arrives, whose
creation rewrites its subtree's paths (services/customer_events.py).
"""
from __future__ import annotations

import uuid

from sqlalchemy import select, text
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


class CustomerReadModel:
    def __init__(self, session: Session):
        self.session = session

    def get(self, customer_id: uuid.UUID, for_update: bool = False) -> CustomerView | None:
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
        if parent_id is None:
            return [customer_id]
        parent = self.lineage(parent_id)
        return [*parent, customer_id]

    def add(self, customer: CustomerView) -> None:
        self.session.add(customer)

    def rewrite_subtree(self, customer: CustomerView) -> None:
        """After `customer.path` changed: give every descendant the new prefix (one UPDATE, GIN index)."""
        self.session.flush()
        self.session.execute(_REWRITE_SUBTREE, {"prefix": [str(i) for i in customer.path], "id": str(customer.id)})
