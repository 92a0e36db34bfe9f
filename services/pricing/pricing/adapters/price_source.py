"""The SQL side of price resolution (domain/resolution.py): the assignments that make a
customer's chain, and each item's deciding price - set-based, never one query per item."""
from __future__ import annotations

import uuid
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..domain.anchors import Anchors
from ..domain.chain import Assignment, Link
from ..domain.resolution import Item, Offer
from .read_model import LINEAGE_CTE, anchors_of, lineage_params


class Context(NamedTuple):
    """What build_chain takes besides the option and the moment."""
    anchors: Anchors
    assignments: list[Assignment]
    fallbacks: dict[tuple[str, uuid.UUID], str]


# Everything the chain is built from, in one round trip (resolve's budget is ~10 ms and each
# statement costs a round trip): the customer's read model row and ancestors (LINEAGE_CTE), the
# fallbacks of the customer and its group, and every assignment that can apply to it. One row
# per assignment, the customer columns repeated; one row with null assignment columns if none.
CONTEXT = text(LINEAGE_CTE + """,
customer AS (
    SELECT coalesce((SELECT deleted FROM up WHERE depth = 0), false) AS deleted,
           (SELECT group_id FROM up WHERE depth = 0) AS group_id,
           ARRAY(SELECT id FROM up WHERE depth > 0 ORDER BY depth) AS ancestor_ids
)
SELECT c.deleted, c.group_id, c.ancestor_ids,
       (SELECT f.fallback FROM price_list_fallbacks f
        WHERE f.level = 'customer' AND f.target_id = :id) AS customer_fallback,
       (SELECT f.fallback FROM price_list_fallbacks f
        WHERE f.level = 'customer_group' AND f.target_id = c.group_id) AS group_fallback,
       a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed, a.list_active, a.active_from, a.active_to
FROM customer c LEFT JOIN LATERAL (
    SELECT a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed,
           l.active AS list_active, l.active_from, l.active_to
    FROM price_list_assignments a JOIN price_lists l ON l.id = a.price_list_id
    WHERE (a.level = 'customer' AND a.target_id = ANY(array_prepend(CAST(:id AS uuid), c.ancestor_ids)))
       OR (a.level = 'customer_group' AND a.target_id = c.group_id) OR a.level = 'default'
) a ON true
""")
ASSIGNMENT_COLUMNS = ("price_list_id", "level", "target_id", "priority", "merge_allowed", "list_active",
                      "active_from", "active_to")

# Each item's deciding row, walking the chain in SQL: one index descent per item over every
# price of its sku (ix_prices_sku, index-only), each row placed in the chain by
# array_position; the first position that fits (unit, currency, tier <= quantity) or stops
# (merge_allowed false and any price of the sku) decides, and within it the largest fitting
# tier: a top-1 sort per item, at most one row back per item whatever the chain's length.
# OFFSET 0 keeps the chain filter out of the index scan: in PostgreSQL 15 `= ANY(array)` there
# would mean one descent per list (bench/pricing_resolve.py measured both).
DECIDING = text("""
SELECT i.idx - 1 AS idx, d.price_list_id, d.fits, d.quantity, d.value
FROM unnest(CAST(:skus AS varchar[]), CAST(:units AS varchar[]), CAST(:quantities AS numeric[]))
     WITH ORDINALITY AS i(sku, unit, quantity, idx)
CROSS JOIN LATERAL (
    SELECT p.price_list_id, p.fits, p.quantity, p.value FROM (
        SELECT p.price_list_id, p.quantity, p.value,
               array_position(CAST(:lists AS uuid[]), p.price_list_id) AS pos,
               (p.unit = i.unit AND p.currency = :currency AND p.quantity <= i.quantity) AS fits
        FROM prices p WHERE p.sku = i.sku OFFSET 0
    ) p
    WHERE p.pos IS NOT NULL AND (p.fits OR NOT (CAST(:merge AS boolean[]))[p.pos])
    ORDER BY p.pos, p.fits DESC, p.quantity DESC
    LIMIT 1
) d
""")


class SqlPriceSource:
    def __init__(self, session: Session):
        self.session = session

    def context(self, customer_id: uuid.UUID, with_ancestors: bool) -> Context:
        """The customer's anchors, the assignments that can apply to it and its fallbacks."""
        rows = self.session.execute(CONTEXT, lineage_params(customer_id, with_ancestors)).all()
        first = rows[0]
        anchors = anchors_of(customer_id, first.deleted, first.group_id, first.ancestor_ids)
        fallbacks = {}
        if first.customer_fallback:
            fallbacks[("customer", customer_id)] = first.customer_fallback
        if first.group_fallback:
            fallbacks[("customer_group", first.group_id)] = first.group_fallback
        assignments = [Assignment(*(getattr(row, name) for name in ASSIGNMENT_COLUMNS))
                       for row in rows if row.price_list_id is not None]
        return Context(anchors, assignments, fallbacks)

    def deciding(self, chain: list[Link], currency: str, items: list[Item]):
        params = {"lists": [link.price_list_id for link in chain], "merge": [link.merge_allowed for link in chain],
                  "currency": currency, "skus": [i.sku for i in items], "units": [i.unit for i in items],
                  "quantities": [i.quantity for i in items]}
        offers, stops = {}, set()
        # Rows unpacked from one fetchall: a fetchone and five attribute lookups per row cost ~0.5 ms.
        for idx, list_id, fits, quantity, value in self.session.execute(DECIDING, params).all():
            if fits:
                offers[(idx, list_id)] = Offer(quantity, value)
            else:
                stops.add((list_id, items[idx].sku))
        return offers, stops
