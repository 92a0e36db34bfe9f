"""The SQL side of price resolution (domain/resolution.py): the assignments that make a
customer's chain, and each item's deciding price - set-based, never one query per item."""
from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..domain.anchors import Anchors
from ..domain.chain import Assignment, Link
from ..domain.resolution import Item, Offer

ASSIGNMENTS = text("""
SELECT a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed,
       l.active AS list_active, l.active_from, l.active_to
FROM price_list_assignments a JOIN price_lists l ON l.id = a.price_list_id
WHERE (a.level = 'customer' AND a.target_id = ANY(CAST(:customers AS uuid[])))
   OR (a.level = 'customer_group' AND a.target_id = :group_id) OR a.level = 'default'
""")

FALLBACKS = text("""
SELECT level, target_id, fallback FROM price_list_fallbacks
WHERE (level = 'customer' AND target_id = :customer_id) OR (level = 'customer_group' AND target_id = :group_id)
""")

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

    def assignments(self, anchors: Anchors) -> list[Assignment]:
        params = {"customers": [anchors.customer_id, *anchors.ancestor_ids], "group_id": anchors.group_id}
        return [Assignment(**row._mapping) for row in self.session.execute(ASSIGNMENTS, params)]

    def fallbacks(self, anchors: Anchors) -> dict[tuple[str, uuid.UUID], str]:
        params = {"customer_id": anchors.customer_id, "group_id": anchors.group_id}
        return {(row.level, row.target_id): row.fallback for row in self.session.execute(FALLBACKS, params)}

    def deciding(self, chain: list[Link], currency: str, items: list[Item]):
        params = {"lists": [link.price_list_id for link in chain], "merge": [link.merge_allowed for link in chain],
                  "currency": currency, "skus": [i.sku for i in items], "units": [i.unit for i in items],
                  "quantities": [i.quantity for i in items]}
        offers, stops = {}, set()
        for row in self.session.execute(DECIDING, params):
            if row.fits:
                offers[(row.idx, row.price_list_id)] = Offer(row.quantity, row.value)
            else:
                stops.add((row.price_list_id, items[row.idx].sku))
        return offers, stops
