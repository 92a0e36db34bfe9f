"""The bare ceiling of pricing's hottest read, POST /api/v1/prices/resolve (bench/hot_reads_cpu.py),
as bench/bare_reads.py is the customers service's: the two statements the service sends (copied as
they reach psycopg), on a connection kept per thread in autocommit, and the same JSON. In between,
the chain in a few lines: the customer's own lists, its group's, the default ones, each level by
priority, inactive lists and lists outside their window left out. That is the bench's chain (no
ancestors, no fallbacks, every list merging, so the service too takes its every-list-merges
statement); the rest of pricing/domain/chain.py is not needed for it. No authentication, no schema,
no logging, no metrics, no tracing.

    BARE_DATABASE_URL=postgresql://... gunicorn -c deploy/gunicorn.conf.py bench.bare_pricing:app
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

from bare_reads import kept_connection
from flask import Flask, Response, request

app = Flask(__name__)

# pricing/adapters/price_source.py, CONTEXT and EVERY_LIST_MERGES, as SQLAlchemy hands them to psycopg.
CONTEXT = """
WITH RECURSIVE up(id, parent_id, group_id, deleted, tax_code, depth) AS (
    SELECT id, parent_id, group_id, deleted, tax_code, 0 FROM customer_read_model WHERE id = %(id)s
    UNION ALL
    SELECT c.id, c.parent_id, c.group_id, c.deleted, c.tax_code, up.depth + 1
    FROM customer_read_model c JOIN up ON c.id = up.parent_id WHERE up.depth < %(depth_limit)s
),
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
    WHERE (a.level = 'customer' AND a.target_id = ANY(array_prepend(CAST(%(id)s AS uuid), c.ancestor_ids)))
       OR (a.level = 'customer_group' AND a.target_id = c.group_id) OR a.level = 'default'
) a ON true
"""
DECIDING = """
SELECT i.idx - 1 AS idx, d.pos, d.quantity, d.value
FROM unnest(CAST(%(skus)s AS varchar[]), CAST(%(units)s AS varchar[]), CAST(%(quantities)s AS numeric[]))
     WITH ORDINALITY AS i(sku, unit, quantity, idx)
CROSS JOIN LATERAL (
    SELECT p.pos, p.quantity, p.value FROM (
        SELECT p.*, 0 AS first_pos FROM (
            SELECT p.price_list_id, p.unit, p.currency, p.quantity, p.value,
                   array_position(CAST(%(lists)s AS uuid[]), p.price_list_id) AS pos
            FROM prices p WHERE p.sku = i.sku OFFSET 0
        ) p WHERE p.pos IS NOT NULL
    ) p
    WHERE p.unit = i.unit AND p.currency = %(currency)s AND p.quantity <= i.quantity AND true
    ORDER BY p.quantity DESC, p.pos
    LIMIT 1
) d
"""


def _chain(customer_id: uuid.UUID, rows: list[tuple]) -> list[tuple]:
    """(list id, level) in the order resolution tries them."""
    level_order = {("customer", customer_id): 0, ("customer_group", rows[0][2]): 1, ("default", None): 2}
    now = dt.datetime.now(dt.UTC)
    usable = [row for row in rows if row[5] is not None and (row[6], row[7]) in level_order and row[10]
              and (row[11] is None or row[11] <= now) and (row[12] is None or now < row[12])]
    usable.sort(key=lambda row: (level_order[(row[6], row[7])], row[8], str(row[5])))
    chain, seen = [], set()
    for row in usable:
        if row[5] not in seen:
            seen.add(row[5])
            chain.append((row[5], row[6]))
    return chain


def _text(value) -> str | None:
    return None if value is None else str(value)


@app.post("/api/v1/prices/resolve")
def resolve():
    body = json.loads(request.get_data())
    customer_id, currency = uuid.UUID(body["customer_id"]), body["currency"]
    items = [(item["sku"], item.get("unit", "item"), Decimal(item.get("quantity", "1"))) for item in body["items"]]
    connection = kept_connection()
    rows = connection.execute(CONTEXT, {"id": customer_id, "depth_limit": 50}).fetchall()
    if not rows[0][0] or rows[0][1]:
        return Response(status=404)
    chain = _chain(customer_id, rows)
    offers = {}
    if chain:
        offers = {idx: (chain[pos - 1][0], tier, value) for idx, pos, tier, value in connection.execute(DECIDING, {
            "lists": [link[0] for link in chain], "currency": currency,
            "skus": [item[0] for item in items], "units": [item[1] for item in items],
            "quantities": [item[2] for item in items]}).fetchall()}
    levels = {link[0]: link[1] for link in chain}
    answered = []
    for index, (sku, unit, quantity) in enumerate(items):
        list_id, tier, value = offers.get(index, (None, None, None))
        answered.append({"sku": sku, "unit": unit, "quantity": str(quantity), "price": _text(value),
                         "tier": _text(tier), "price_list_id": _text(list_id), "level": levels.get(list_id)})
    body = {"customer_id": str(customer_id), "currency": currency, "items": answered}
    return Response(json.dumps(body), mimetype="application/json")
