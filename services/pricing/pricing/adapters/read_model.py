"""The local read model of customers (kept by messaging/handlers.py) and the walk up the tree."""
from __future__ import annotations

import uuid

from b2b_shared.errors import NotFound
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import UUID, insert
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

# For authorization (b2b_shared.auth.hierarchy): the customer's lineage is its parent's (or
# [parent] while the parent is unknown here) plus itself. Only when that changed - a move, or the
# parent arriving late - does every row below it take the new prefix (one UPDATE through the GIN
# index); an update that leaves the parent alone writes nothing more.
_RELINEAGE = text("""
WITH fresh AS (
    SELECT CASE WHEN CAST(:parent AS uuid) IS NULL THEN ARRAY[CAST(:id AS uuid)]
                ELSE COALESCE((SELECT p.lineage FROM customer_read_model p WHERE p.id = :parent),
                              ARRAY[CAST(:parent AS uuid)]) || CAST(:id AS uuid) END AS lineage),
own AS (
    UPDATE customer_read_model c SET lineage = fresh.lineage FROM fresh
     WHERE c.id = :id AND c.lineage IS DISTINCT FROM fresh.lineage
 RETURNING c.lineage)
UPDATE customer_read_model d
   SET lineage = own.lineage || d.lineage[array_position(d.lineage, CAST(:id AS uuid)) + 1:]
  FROM own
 WHERE d.lineage @> ARRAY[CAST(:id AS uuid)] AND d.id <> CAST(:id AS uuid)
""").bindparams(bindparam("id", type_=UUID(as_uuid=True)), bindparam("parent", type_=UUID(as_uuid=True)))


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
        """Upsert the customer only when this version is newer than the one applied; then give it
        and its known descendants their lineage under its (possibly new) parent."""
        stmt = insert(CustomerView).values(**view, lineage=[view["id"]])
        stmt = stmt.on_conflict_do_update(
            index_elements=[CustomerView.id],
            set_={name: stmt.excluded[name] for name in view if name != "id"},
            where=CustomerView.version < stmt.excluded.version,
        )
        applied = self.session.execute(stmt.returning(CustomerView.id)).first() is not None
        if applied:
            self.session.execute(_RELINEAGE, {"id": view["id"], "parent": view["parent_id"]})
        return applied
