"""The local read model of customers and groups (kept by messaging/handlers.py), the walk up the
tree, and whether a customer or group a write names exists."""
from __future__ import annotations

import uuid

from b2b_shared.errors import NotFound
from b2b_shared.messaging.batches import batch_cache, by_column, deferred_rows, upsert_newer, write_deferred
from sqlalchemy import bindparam, exists, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
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

# A batch of customer events (messaging/handlers.py) is prepared in two statements: the rows they
# change and the parents they name, locked in id order (so that two replicas' batches cannot
# deadlock), and which of them have children; each event is then decided in memory and the batch's
# rows are upserted in one statement when it commits (b2b_shared.messaging.batches).
_ANY_ID = func.any(bindparam("ids", type_=ARRAY(UUID(as_uuid=True))))
_LOCK_ROWS = (select(CustomerView.id, CustomerView.version, CustomerView.lineage)
              .where(CustomerView.id == _ANY_ID).order_by(CustomerView.id).with_for_update())
_WITH_CHILDREN = select(CustomerView.parent_id).where(CustomerView.parent_id == _ANY_ID).distinct()
_COLUMNS = ("id", "parent_id", "group_id", "status", "tax_code", "version", "deleted", "lineage", "sales_rep_ids")
# Each row was decided against the locked one (a snapshot may repeat its version): `<=` only guards.
_UPSERT = upsert_newer(CustomerView.__table__, _COLUMNS, or_same=True)
# For authorization (b2b_shared.auth.hierarchy): each customer's lineage is its parent's (or [parent]
# while the parent is unknown here) plus itself. Only when that changed - a move, or the parent
# arriving late - and it has children does every row below it take the new prefix (one UPDATE
# through the GIN index).
_RELINEAGE_BELOW = text("""
UPDATE customer_read_model d
   SET lineage = CAST(:lineage AS uuid[]) || d.lineage[array_position(d.lineage, CAST(:id AS uuid)) + 1:]
 WHERE d.lineage @> ARRAY[CAST(:id AS uuid)] AND d.id <> CAST(:id AS uuid)
""").bindparams(bindparam("id", type_=UUID(as_uuid=True)), bindparam("lineage", type_=ARRAY(UUID(as_uuid=True))))
# The batch's caches: id -> (version, lineage), None when not here; the ids known to have no children.
_KNOWN, _CHILDLESS = "pricing.customers", "pricing.childless"


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

    def lock_for_batch(self, customer_ids: set[uuid.UUID]) -> None:
        known, childless = batch_cache(self.session, _KNOWN), batch_cache(self.session, _CHILDLESS)
        if not (ids := sorted(i for i in customer_ids if i not in known)):
            return
        known.update(dict.fromkeys(ids))
        known.update({row.id: (row.version, list(row.lineage)) for row in self.session.execute(_LOCK_ROWS, {"ids": ids})})
        childless.update(dict.fromkeys(ids, True))
        for parent_id in self.session.scalars(_WITH_CHILDREN, {"ids": ids}):
            childless.pop(parent_id, None)

    def apply(self, view: dict, refresh: bool = False) -> bool:
        """Take the customer only when this version is newer than the one applied (a snapshot,
        `refresh`, also at the same version: it fills what an older schema did not keep); then give
        it and its known descendants their lineage under its (possibly new) parent."""
        customer_id, parent_id = view["id"], view["parent_id"]
        known = batch_cache(self.session, _KNOWN)
        self.lock_for_batch({customer_id, *([parent_id] if parent_id else [])})  # unless prepared
        before = known[customer_id]
        if before is not None and (before[0] > view["version"] or before[0] == view["version"] and not refresh):
            return False
        parent = known[parent_id] if parent_id else None
        lineage = [*(parent[1] if parent else [parent_id] if parent_id else []), customer_id]
        known[customer_id] = (view["version"], lineage)
        deferred_rows(self.session, _upsert).append({**view, "lineage": lineage})
        childless = batch_cache(self.session, _CHILDLESS)
        if parent_id:
            childless.pop(parent_id, None)
        if (before is None or before[1] != lineage) and not childless.get(customer_id):
            self._relineage_below(customer_id, lineage)
        return True

    def _relineage_below(self, customer_id: uuid.UUID, lineage: list[uuid.UUID]) -> None:
        write_deferred(self.session)  # the batch's rows so far, for the UPDATE to find
        self.session.execute(_RELINEAGE_BELOW, {"id": customer_id, "lineage": lineage})
        known = batch_cache(self.session, _KNOWN)
        for other, state in known.items():
            if state is not None and other != customer_id and customer_id in state[1]:
                tail = state[1][state[1].index(customer_id) + 1:]
                known[other] = (state[0], [*lineage, *tail])


def _upsert(session: Session, rows: list[dict]) -> None:
    """Each row was newer than the one before it when the batch took it: the last one of each stands."""
    session.execute(_UPSERT, by_column(list({row["id"]: row for row in rows}.values()),
                                        CustomerView.__table__, _COLUMNS))


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
