"""The SQL side of price resolution (domain/resolution.py): the assignments that make a
customer's chain, and each item's deciding price - set-based, never one query per item."""
from __future__ import annotations

import uuid
from typing import NamedTuple

from b2b_shared.db.reads import Read
from sqlalchemy import text
from sqlalchemy.orm import Session

from ..domain.anchors import Anchors
from ..domain.chain import Assignment, Link
from ..domain.resolution import Item, Offer
from ..domain.strategies import MERGE_BY_PRIORITY, MINIMAL_PRICES, ListedPrice
from .read_model import LINEAGE_CTE, anchors_of, lineage_params


class Context(NamedTuple):
    """What build_chain takes besides the moment."""
    anchors: Anchors
    assignments: list[Assignment]
    fallbacks: dict[tuple[str, uuid.UUID], str]


# The statements of a resolve are Reads: straight on the driver (b2b_shared.db.reads).
# Everything the chain is built from, in one round trip (resolve's budget is a few ms and each
# statement costs a round trip): the customer's read model row and ancestors (LINEAGE_CTE), the
# fallbacks of them and of the group, and every assignment that can apply to it. One row per
# assignment, the customer columns repeated; one row with null assignment columns if none.
CONTEXT = Read(text(LINEAGE_CTE + """,
customer AS (
    SELECT EXISTS (SELECT FROM up WHERE depth = 0) AS known,
           coalesce((SELECT deleted FROM up WHERE depth = 0), false) AS deleted,
           (SELECT group_id FROM up WHERE depth = 0) AS group_id,
           ARRAY(SELECT id FROM up WHERE depth > 0 ORDER BY depth) AS ancestor_ids
)
SELECT c.known, c.deleted, c.group_id, c.ancestor_ids,
       (SELECT json_agg(json_build_array(f.level, f.target_id, f.fallback)) FROM price_list_fallbacks f
        WHERE (f.level = 'customer' AND f.target_id IN (SELECT id FROM up))
           OR (f.level = 'customer_group' AND f.target_id = c.group_id)) AS fallbacks,
       a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed, a.list_active, a.active_from, a.active_to
FROM customer c LEFT JOIN LATERAL (
    SELECT a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed,
           l.active AS list_active, l.active_from, l.active_to
    FROM price_list_assignments a JOIN price_lists l ON l.id = a.price_list_id
    WHERE (a.level = 'customer' AND a.target_id = ANY(array_prepend(CAST(:id AS uuid), c.ancestor_ids)))
       OR (a.level = 'customer_group' AND a.target_id = c.group_id) OR a.level = 'default'
) a ON true
"""))
ASSIGNMENT_COLUMNS = ("price_list_id", "level", "target_id", "priority", "merge_allowed", "list_active",
                      "active_from", "active_to")

# Each item's deciding row, the strategy computed in SQL (domain/strategies.py says the rule):
# one index descent per item over every price of its sku (ix_prices_sku, index-only), each row
# placed in the chain by array_position (the chain holds a list once). OFFSET 0 keeps the chain
# filter out of the index scan: in PostgreSQL 15 `= ANY(array)` there would mean one descent per
# list (bench/pricing_resolve.py measured both). Then a top-1 sort per item: the largest fitting
# tier, and among the lists that have it the one the strategy keeps. At most one row per item,
# naming its list by its place in the chain: the chain's own id objects then serve every item,
# not a UUID made per row and hashed and compared by value wherever it is looked up.
#
# merge_by_priority: the first list of the chain that has the sku (in any unit or currency)
# decides who may contribute: if it does not merge, it alone; otherwise every merging list (a
# later non-merging one finds the sku priced and contributes nothing). The earliest such list
# holds each tier. When every list of the chain merges (the usual chain), that first list needs
# no finding: the window that finds it cost ~0.9 ms of 100 items (bench/pricing_resolve.py).
_DECIDING = """
SELECT i.idx - 1 AS idx, d.pos, d.quantity, d.value
FROM unnest(CAST(:skus AS varchar[]), CAST(:units AS varchar[]), CAST(:quantities AS numeric[]))
     WITH ORDINALITY AS i(sku, unit, quantity, idx)
CROSS JOIN LATERAL (
    SELECT p.pos, p.quantity, p.value FROM (
        SELECT p.*, {first_position} FROM (
            SELECT p.price_list_id, p.unit, p.currency, p.quantity, p.value,
                   array_position(CAST(:lists AS uuid[]), p.price_list_id) AS pos
            FROM prices p WHERE p.sku = i.sku OFFSET 0
        ) p WHERE p.pos IS NOT NULL
    ) p
    WHERE p.unit = i.unit AND p.currency = :currency AND p.quantity <= i.quantity AND {contributes}
    ORDER BY p.quantity DESC, {keeps}
    LIMIT 1
) d
"""
MERGES = "(CAST(:merge AS boolean[]))"
DECIDING = {
    MERGE_BY_PRIORITY: Read(text(_DECIDING.format(
        first_position="min(p.pos) OVER () AS first_pos",
        contributes=f"CASE WHEN {MERGES}[p.first_pos] THEN {MERGES}[p.pos] ELSE p.pos = p.first_pos END",
        keeps="p.pos"))),
    MINIMAL_PRICES: Read(text(_DECIDING.format(first_position="0 AS first_pos", contributes="true",
                                               keeps="p.value, p.pos"))),
}
EVERY_LIST_MERGES = Read(text(_DECIDING.format(first_position="0 AS first_pos", contributes="true", keeps="p.pos")))

# For ?explain=true: every price of the items' skus in the chain's lists, any unit or currency
# (a merge stop looks at the whole sku); the domain combines them (domain/explanation.py).
SKU_PRICES = text("""
SELECT p.sku, p.price_list_id, p.unit, p.currency, p.quantity, p.value FROM prices p
WHERE p.sku = ANY(CAST(:skus AS varchar[])) AND p.price_list_id = ANY(CAST(:lists AS uuid[]))
""")


class SqlPriceSource:
    def __init__(self, session: Session):
        self.session = session

    def context(self, customer_id: uuid.UUID) -> Context:
        """The customer's anchors, the assignments that can apply to it and the fallbacks; a
        customer unknown here or deleted is 404."""
        rows = CONTEXT.all(self.session, lineage_params(customer_id))
        first = rows[0]
        anchors = anchors_of(customer_id, first.known, first.deleted, first.group_id, first.ancestor_ids, {})
        fallbacks = {(level, uuid.UUID(target)): value for level, target, value in first.fallbacks or ()}
        assignments = [Assignment(*(getattr(row, name) for name in ASSIGNMENT_COLUMNS))
                       for row in rows if row.price_list_id is not None]
        return Context(anchors, assignments, fallbacks)

    def deciding(self, strategy: str, chain: list[Link], currency: str, items: list[Item]) -> dict[int, Offer]:
        params = {"lists": [link.price_list_id for link in chain], "merge": [link.merge_allowed for link in chain],
                  "currency": currency, "skus": [i.sku for i in items], "units": [i.unit for i in items],
                  "quantities": [i.quantity for i in items]}
        statement = DECIDING[strategy]
        if strategy == MERGE_BY_PRIORITY and all(params["merge"]):
            statement = EVERY_LIST_MERGES
        # Rows unpacked from one fetchall: a fetchone and attribute lookups per row cost ~0.5 ms.
        lists = params["lists"]
        return {idx: Offer(lists[pos - 1], quantity, value)
                for idx, pos, quantity, value in statement.all(self.session, params)}

    def sku_prices(self, chain: list[Link], skus: list[str]) -> dict[str, list[ListedPrice]]:
        rows = self.session.execute(SKU_PRICES, {"skus": sorted(set(skus)),
                                                 "lists": [link.price_list_id for link in chain]}).all()
        found: dict[str, list[ListedPrice]] = {}
        for sku, *price in rows:
            found.setdefault(sku, []).append(ListedPrice(*price))
        return found
