"""A page of 50 of a customer's activity timeline among its 100,000 entries (target: under 20 ms).

Entries are written straight into a scratch customers database (as the consumer would have made
them, among other customers' entries), then each query shape the timeline screen makes is timed
through the Flask app in-process.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import uuid

import psycopg
from benchkit import administrator_client, report, scratch_database, timings_ms
from customers.app import create_app
from customers.config import load_config

ENTRIES = 100_000
OTHERS = 100_000  # other customers' entries in the same table
TYPES = ["customer.updated", "customer_address.updated", "customer_note.created", "order.placed",
         "customer_user.created", "balance.changed", "customer_task.updated"]
TARGET_MS = 20


def fill(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    customer, child = uuid.uuid4(), uuid.uuid4()
    rng = random.Random(11)
    start = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    with psycopg.connect(url) as db:
        for node, lineage in ((customer, [customer]), (child, [customer, child])):
            db.execute("INSERT INTO customers (id, name, type, status, lineage, parent_id, version, created_at, "
                       "updated_at) VALUES (%s, 'Timeline', 'business', 'active', %s, %s, 1, now(), now())",
                       (node, lineage, lineage[0] if node == child else None))
        with db.cursor().copy("COPY customer_activity (id, customer_id, occurred_at, type, summary, details) "
                              "FROM STDIN") as copy:
            for n in range(ENTRIES + OTHERS):
                owner = customer if n < ENTRIES else (child if n % 2 else uuid.uuid4())
                copy.write_row((str(uuid.uuid4()), owner, start + dt.timedelta(minutes=rng.randrange(1_000_000)),
                                rng.choice(TYPES), f"entry {n}", json.dumps({"changed_fields": ["name"]})))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE customer_activity, customers")
    return customer, child


def main() -> None:
    with scratch_database("services/customers", "activity") as url:
        customer, _ = fill(url)
        client = administrator_client(create_app, load_config().with_(database_url=url))
        base = f"/api/v1/customers/{customer}/activity"
        page = client.get(f"{base}?limit=50").json
        for _ in range(100):  # deep into the timeline: keyset pages cost the same at any depth
            page = client.get(f"{base}?limit=50&cursor={page['next_cursor']}").json
        shapes = {
            "first page": f"{base}?limit=50",
            "page 102 by cursor": f"{base}?limit=50&cursor={page['next_cursor']}",
            "type=order (one kind in seven)": f"{base}?limit=50&type=order",
            "since/until, one month": f"{base}?limit=50&since=2024-06-01T00:00:00Z&until=2024-07-01T00:00:00Z",
            "include_subsidiaries=true (150,000 entries over two customers)": f"{base}?limit=50&include_subsidiaries=true",
        }
        for label, path in shapes.items():
            answer = client.get(path)
            assert answer.status_code == 200 and len(answer.json["items"]) == 50, (label, answer.json)
            report(f"GET activity, {label} (limit 50, of {ENTRIES:,}; HTTP in-process)",
                   timings_ms(lambda: client.get(path), 50), TARGET_MS)


if __name__ == "__main__":
    main()
