"""The local read model of customers (kept by messaging/handlers.py) and the walk up the tree."""
from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from b2b_shared.errors import NotFound

from ..domain.anchors import Anchors
from ..domain.read_model import CustomerView

# The customer and its ancestors in one round trip; depth bounds a cycle a bad event could make.
LINEAGE = text("""
WITH RECURSIVE up(id, parent_id, group_id, deleted, depth) AS (
    SELECT id, parent_id, group_id, deleted, 0 FROM customer_read_model WHERE id = :id
    UNION ALL
    SELECT c.id, c.parent_id, c.group_id, c.deleted, up.depth + 1
    FROM customer_read_model c JOIN up ON c.id = up.parent_id WHERE up.depth < 50 AND :with_ancestors
)
SELECT id, group_id, deleted FROM up ORDER BY depth
""")


class CustomerReadModel:
    def __init__(self, session: Session):
        self.session = session

    def anchors(self, customer_id: uuid.UUID, with_ancestors: bool) -> Anchors:
        """A customer not (yet) known here is priced as one without group or parent: the read
        model may lag the customers service by a moment. A deleted one is not found."""
        rows = self.session.execute(LINEAGE, {"id": customer_id, "with_ancestors": with_ancestors}).all()
        if not rows:
            return Anchors(customer_id)
        if rows[0].deleted:
            raise NotFound(f"Customer {customer_id} was deleted.")
        return Anchors(customer_id, rows[0].group_id, tuple(row.id for row in rows[1:]))

    def apply(self, view: dict) -> bool:
        """Upsert the customer only when this version is newer than the one applied."""
        stmt = insert(CustomerView).values(**view)
        stmt = stmt.on_conflict_do_update(
            index_elements=[CustomerView.id],
            set_={name: stmt.excluded[name] for name in view if name != "id"},
            where=CustomerView.version < stmt.excluded.version,
        )
        return self.session.execute(stmt.returning(CustomerView.id)).first() is not None
