"""Bulk price upsert through POST /api/v1/price-lists/{id}/prices, 10,000 rows a request.
Target: at least 20,000 rows a second. Also times the SQL alone both ways the issue named:
unnest() + INSERT ... ON CONFLICT (what the service does) and COPY into a temp table + upsert.

    POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/pricing_bulk_upsert.py
"""
from __future__ import annotations

import random
import time
import uuid
from decimal import Decimal

import psycopg
from b2b_shared.http.resources import UOW_FACTORY
from pricing_scratch import admin, scratch_app

BATCH, BATCHES = 10_000, 10
random.seed(11)


def rows(start: int, bump: int = 0) -> list[dict]:
    return [{"sku": f"SKU-{n:07}", "unit": "item", "currency": "EUR", "quantity": str(1 + (n % 3) * 10),
             "value": f"{(n % 9_000) / 100 + 1 + bump:.2f}"} for n in range(start, start + BATCH)]


def http_rate(client, list_id: str, label: str, batches: list[list[dict]]) -> None:
    total, started = 0, time.perf_counter()
    for body in batches:
        response = client.post(f"/api/v1/price-lists/{list_id}/prices", json=body)
        assert response.status_code == 200, response.json
        total += len(body)
    report(f"HTTP {label}", total, time.perf_counter() - started)


UNNEST_UPSERT = """
INSERT INTO prices (price_list_id, sku, unit, currency, quantity, value, updated_at)
SELECT %s, r.sku, r.unit, r.currency, r.quantity, r.value, now()
FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], %s::numeric[], %s::numeric[]) AS r(sku, unit, currency, quantity, value)
ON CONFLICT (price_list_id, sku, unit, currency, quantity)
DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE prices.value IS DISTINCT FROM excluded.value
"""


def sql_rates(url: str, app, list_id: str) -> None:
    """The write alone, both ways the issue named, on 10 fresh batches each."""
    uow_factory = app.extensions[UOW_FACTORY]
    started = time.perf_counter()
    for b in range(BATCHES):
        batch = [{**r, "quantity": Decimal(r["quantity"]), "value": Decimal(r["value"])}
                 for r in rows(5_000_000 + b * BATCH)]
        with uow_factory() as uow:
            uow.prices.upsert(uuid.UUID(list_id), batch)  # the service's way: COPY to a temp table, upsert
            uow.session.commit()
    report("SQL  COPY temp + ON CONFLICT", BATCHES * BATCH, time.perf_counter() - started)
    started = time.perf_counter()
    with psycopg.connect(url) as db:
        for b in range(BATCHES):
            batch = sorted(rows(7_000_000 + b * BATCH), key=lambda r: (r["sku"], r["quantity"]))
            columns = [[r[name] for r in batch] for name in ("sku", "unit", "currency", "quantity", "value")]
            db.execute(UNNEST_UPSERT, (list_id, *columns))
            db.commit()
    report("SQL  unnest + ON CONFLICT", BATCHES * BATCH, time.perf_counter() - started)


def report(label: str, total: int, elapsed: float) -> None:
    print(f"{label:<31} {total:>7,} rows in {elapsed:5.2f} s = {total / elapsed:>9,.0f} rows/s")


def main() -> None:
    with scratch_app() as (app, url, people):
        client = admin(app, people)
        list_id = client.post("/api/v1/price-lists", json={"name": "Import", "currencies": ["EUR"]}).json["id"]
        client.post(f"/api/v1/price-lists/{list_id}/prices", json=rows(9_000_000))  # warm up
        http_rate(client, list_id, "insert (new rows)", [rows(b * BATCH) for b in range(BATCHES)])
        http_rate(client, list_id, "update (changed values)", [rows(b * BATCH, bump=1) for b in range(BATCHES)])
        http_rate(client, list_id, "re-send (unchanged)", [rows(b * BATCH, bump=1) for b in range(BATCHES)])
        sql_rates(url, app, list_id)


if __name__ == "__main__":
    main()
