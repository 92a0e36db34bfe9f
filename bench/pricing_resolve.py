"""Resolve 100 items for a customer with 3 lists at its level, 2 at its group and 1 default,
with 1,000,000 price rows in the database. Target: p50 < 10 ms, p99 < 30 ms at the service.
Measured as an administrator and as the customer's own user with CORPORATE reach (whose
request also reads the customer's lineage to decide it may: b2b_shared.http.access).

    POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/pricing_resolve.py
"""
from __future__ import annotations

import io
import random
import time
import uuid

import psycopg
from b2b_shared.testing.identity import client_as
from pricing_scratch import admin, scratch_app, summary_ms

ROWS, SKUS, REQUESTS, ITEMS = 1_000_000, 50_000, 1000, 100
CUSTOMER, GROUP = uuid.uuid4(), uuid.uuid4()
random.seed(7)


def load(url: str, lists: list[uuid.UUID]) -> None:
    """COPY 1,000,000 prices: each list covers a random half of the skus, 2 tiers each."""
    buffer = io.StringIO()
    per_list = ROWS // len(lists) // 2
    for list_id in lists:
        for sku in random.sample(range(SKUS), per_list):
            base = random.randint(100, 99_999)
            buffer.write(f"{list_id}\tSKU-{sku:06}\titem\tEUR\t1\t{base / 100:.2f}\n")
            buffer.write(f"{list_id}\tSKU-{sku:06}\titem\tEUR\t10\t{base * 0.9 / 100:.2f}\n")
    with psycopg.connect(url) as db:
        with db.cursor().copy("COPY prices (price_list_id, sku, unit, currency, quantity, value) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        db.execute("INSERT INTO customer_read_model (id, group_id, status, version, deleted, lineage) "
                   "VALUES (%s, %s, 'active', 1, false, ARRAY[%s::uuid])", (CUSTOMER, GROUP, CUSTOMER))
        db.commit()
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE prices")  # what autovacuum does after a load: index-only scans need it


def measure(client, label: str) -> None:
    samples, priced = [], 0
    for n in range(REQUESTS + 50):
        items = [{"sku": f"SKU-{random.randrange(SKUS):06}", "quantity": random.choice([1, 5, 12])}
                 for _ in range(ITEMS)]
        body = {"customer_id": str(CUSTOMER), "currency": "EUR", "items": items}
        t0 = time.perf_counter()
        response = client.post("/api/v1/prices/resolve", json=body)
        elapsed = time.perf_counter() - t0
        assert response.status_code == 200, response.json
        if n >= 50:  # the first requests warm caches and connections
            samples.append(elapsed)
            priced += sum(1 for item in response.json["items"] if item["price"] is not None)
    print(f"resolve {ITEMS} items, 6 lists in the chain, {label}: {summary_ms(samples)}  "
          f"({priced / (REQUESTS * ITEMS):.0%} of items priced)")


def main() -> None:
    with scratch_app() as (app, url, people):
        client = admin(app, people)
        post = client.post
        levels = [("customer", CUSTOMER)] * 3 + [("customer_group", GROUP)] * 2 + [("default", None)]
        lists = []
        for n, (level, target) in enumerate(levels):
            list_id = post("/api/v1/price-lists", json={"name": f"L{n}", "currencies": ["EUR"]}).json["id"]
            post("/api/v1/price-list-assignments", json={"price_list_id": list_id, "level": level, "priority": n,
                                                         "target_id": str(target) if target else None})
            lists.append(uuid.UUID(list_id))
        noise = [uuid.UUID(post("/api/v1/price-lists", json={"name": f"N{n}", "currencies": ["EUR"]}).json["id"])
                 for n in range(4)]
        started = time.perf_counter()
        load(url, lists + noise)
        print(f"loaded {ROWS:,} prices with COPY in {time.perf_counter() - started:.1f} s")
        measure(client, "administrator")
        corporate = people.customer_user(CUSTOMER, [{"resource": "price_list", "action": "VIEW",
                                                     "access_level": "CORPORATE"}])
        measure(client_as(app, corporate), "CORPORATE customer user")


if __name__ == "__main__":
    main()
