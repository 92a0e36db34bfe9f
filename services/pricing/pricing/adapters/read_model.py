"""The local read model of customers and groups (kept by messaging/handlers.py), the walk up the
tree, and whether a customer or group a write names exists."""
from __future__ import annotations

import uuid

from b2b_shared.errors import NotFound
from sqlalchemy import bindparam, exists, select, text
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.orm import Session

from ..domain.anchors import Anchors
from ..domain.read_model import CustomerGroupView, CustomerView

# The customer (depth 0) and its ancestors up to :depth_limit levels in one round trip; the
# limit also bounds a cycle a bad event could make. Also the head of price resolution's context
# query. Every ancestor is read: each customer's fallback decides how far up it inherits
# (domain/anchors.py), and that is known only once their fallbacks are read with them.
LINEAGE_CTE = """
WITH RECURSIVE up(id, parent_id, group_id, deleted, tax_code, depth) AS (
    SELECT id, parent_id, group_id, deleted, tax_code, 0 FROM customer_read_model WHERE id = :id
    UNION ALL
    SELECT c.id, c.parent_id, c.group_id, c.deleted, c.tax_code, up.depth + 1
    FROM customer_read_model c JOIN up ON c.id = up.parent_id WHERE up.depth < :depth_limit
)"""
LINEAGE = text(LINEAGE_CTE + """
SELECT up.id, up.group_id, up.deleted, up.tax_code,
       (SELECT f.fallback FROM price_list_fallbacks f WHERE f.level = 'customer' AND f.target_id = up.id) AS fallback
FROM up ORDER BY depth""")
MAX_DEPTH = 50

# For authorization (b2b_shared.auth.hierarchy): the customer's lineage is its parent's (or
# [parent] while the parent is unknown here) plus itself. Only when that changed - a move, or the
# parent arriving late - does every row below it take the new prefix (one UPDATE through the GIN
# index); an update that leaves the parent alone writes nothing more. Only a customer with children
# has rows below it: that is asked of the parent_id index first (a one-time filter), because a bulk
# import leaves the GIN index with a long pending list that every search through it reads.
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
 WHERE EXISTS (SELECT 1 FROM customer_read_model child WHERE child.parent_id = CAST(:id AS uuid))
   AND d.lineage @> ARRAY[CAST(:id AS uuid)] AND d.id <> CAST(:id AS uuid)
""").bindparams(bindparam("id", type_=UUID(as_uuid=True)), bindparam("parent", type_=UUID(as_uuid=True)))


def lineage_params(customer_id: uuid.UUID) -> dict:
    return {"id": customer_id, "depth_limit": MAX_DEPTH}


def anchors_of(customer_id: uuid.UUID, known: bool, deleted: bool, group_id: uuid.UUID | None, ancestor_ids,
               tax_codes: dict) -> Anchors:
    """A customer unknown here (its customer.created not arrived yet, or no such customer) or
    deleted is not found: nothing is priced or answered for a customer that does not exist."""
    if not known or deleted:
        raise NotFound(f"Customer {customer_id} is not known here." if not known else
                       f"Customer {customer_id} was deleted.")
    return Anchors(customer_id, group_id, tuple(ancestor_ids), tax_codes)


class CustomerReadModel:
    def __init__(self, session: Session):
        self.session = session

    def anchors(self, customer_id: uuid.UUID) -> tuple[Anchors, dict]:
        """The customer's anchors and the customer-level fallbacks of it and its ancestors."""
        rows = self.session.execute(LINEAGE, lineage_params(customer_id)).all()
        first = rows[0] if rows else None
        anchors = anchors_of(customer_id, first is not None, first is not None and first.deleted,
                             first.group_id if first else None, (row.id for row in rows[1:]),
                             {row.id: row.tax_code for row in rows if row.tax_code})
        return anchors, {("customer", row.id): row.fallback for row in rows if row.fallback}

    def known(self, customer_id: uuid.UUID) -> bool:
        """Known here and not deleted: a write may name it."""
        return self.session.scalar(select(exists().where(CustomerView.id == customer_id, ~CustomerView.deleted)))

    def apply(self, view: dict, refresh: bool = False) -> bool:
        """Upsert the customer only when this version is newer than the one applied (a snapshot,
        `refresh`, also at the same version: it fills what an older schema did not keep); then give
        it and its known descendants their lineage under its (possibly new) parent."""
        stmt = insert(CustomerView).values(**view, lineage=[view["id"]])
        newer = CustomerView.version <= stmt.excluded.version if refresh else CustomerView.version < stmt.excluded.version
        stmt = stmt.on_conflict_do_update(
            index_elements=[CustomerView.id],
            set_={name: stmt.excluded[name] for name in view if name != "id"},
            where=newer,
        )
        applied = self.session.execute(stmt.returning(CustomerView.id)).first() is not None
        if applied:
            self.session.execute(_RELINEAGE, {"id": view["id"], "parent": view["parent_id"]})
        return applied


class CustomerGroupReadModel:
    def __init__(self, session: Session):
        self.session = session

    def known(self, group_id: uuid.UUID) -> bool:
        return self.session.scalar(select(exists().where(CustomerGroupView.id == group_id,
                                                         ~CustomerGroupView.deleted)))

    def apply(self, view: dict, refresh: bool = False) -> bool:
        """As for customers: only a newer version (or a snapshot at the same one) is applied; a
        deletion stays as a tombstone."""
        stmt = insert(CustomerGroupView).values(**view)
        newer = (CustomerGroupView.version <= stmt.excluded.version if refresh
                 else CustomerGroupView.version < stmt.excluded.version)
        stmt = stmt.on_conflict_do_update(index_elements=[CustomerGroupView.id],
                                          set_={"version": stmt.excluded.version, "deleted": stmt.excluded.deleted},
                                          where=newer)
        return self.session.execute(stmt.returning(CustomerGroupView.id)).first() is not None
