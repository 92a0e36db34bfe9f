"""The local read model of customers (kept by messaging/handlers.py) and the walk up the tree."""
from __future__ import annotations

import uuid

from b2b_shared.errors import NotFound
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..domain.anchors import Anchors
from ..domain.read_model import CustomerView

# The customer (depth 0) and its ancestors up to :depth_limit levels in one round trip; the
# limit also bounds a cycle a bad event could make. Also the head of price resolution's context
# query. A limit rather than an on/off flag: with a boolean PostgreSQL planned every execution
# afresh (the custom plan folds the flag away), ~0.5 ms; with a limit it keeps one generic plan.
LINEAGE_CTE = """
WITH RECURSIVE up(id, parent_id, group_id, deleted, depth) AS (
    SELECT id, parent_id, group_id, deleted, 0 FROM customer_read_model WHERE id = :id
    UNION ALL
    SELECT c.id, c.parent_id, c.group_id, c.deleted, up.depth + 1
    FROM customer_read_model c JOIN up ON c.id = up.parent_id WHERE up.depth < :depth_limit
)"""
LINEAGE = text(LINEAGE_CTE + "\nSELECT id, group_id, deleted FROM up ORDER BY depth")
MAX_DEPTH = 50


def lineage_params(customer_id: uuid.UUID, with_ancestors: bool) -> dict:
    return {"id": customer_id, "depth_limit": MAX_DEPTH if with_ancestors else 0}


def anchors_of(customer_id: uuid.UUID, deleted: bool, group_id: uuid.UUID | None, ancestor_ids) -> Anchors:
    """A customer not (yet) known here is priced as one without group or parent (deleted false,
    no group, no ancestors): the read model may lag the customers service by a moment. A deleted
    one is not found."""
    if deleted:
        raise NotFound(f"Customer {customer_id} was deleted.")
    return Anchors(customer_id, group_id, tuple(ancestor_ids))


class CustomerReadModel:
    def __init__(self, session: Session):
        self.session = session

    def anchors(self, customer_id: uuid.UUID, with_ancestors: bool) -> Anchors:
        rows = self.session.execute(LINEAGE, lineage_params(customer_id, with_ancestors)).all()
        if not rows:
            return Anchors(customer_id)
        return anchors_of(customer_id, rows[0].deleted, rows[0].group_id, (row.id for row in rows[1:]))

    def apply(self, view: dict) -> bool:
        """Upsert the customer only when this version is newer than the one applied."""
        stmt = insert(CustomerView).values(**view)
        stmt = stmt.on_conflict_do_update(
            index_elements=[CustomerView.id],
            set_={name: stmt.excluded[name] for name in view if name != "id"},
            where=CustomerView.version < stmt.excluded.version,
        )
        return self.session.execute(stmt.returning(CustomerView.id)).first() is not None
