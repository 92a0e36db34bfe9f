"""A filtered, sorted page out of 100,000 customers (target: under 50 ms).

Prints each query shape a list screen makes, through the Flask app in-process.
"""
from __future__ import annotations

import random
import uuid

import psycopg
from benchkit import administrator_client, report, scratch_database, timings_ms
from customers.app import create_app
from customers.config import load_config

TOTAL = 100_000
WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Wonka", "Tyrell"]
TAGS = ["vip", "wholesale", "retail", "eu", "us", "net30", "prospect"]


def fill(url: str) -> uuid.UUID:
    rng = random.Random(7)
    group = uuid.uuid4()
    columns = ("id, name, type, status, external_id, email, group_id, lineage, tags, sales_rep_ids, "
               "version, created_at, updated_at")
    with psycopg.connect(url) as db:
        db.execute("INSERT INTO customer_groups (id, name, code, version, created_at, updated_at) "
                   "VALUES (%s, 'Wholesale', 'wholesale', 1, now(), now())", (group,))
        with db.cursor().copy(f"COPY customers ({columns}) FROM STDIN") as copy:
            for n in range(TOTAL):
                node = uuid.uuid4()
                name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {n:06}"
                copy.write_row((node, name, rng.choice(["business", "business", "consumer"]),
                                rng.choice(["active"] * 9 + ["inactive"]), f"EXT-{n:06}", f"buyer{n}@example.com",
                                group if n % 4 == 0 else None, [node], rng.sample(TAGS, 2), [], 1,
                                "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE customers")
    return group


def main() -> None:
    with scratch_database("services/customers", "list") as url:
        group = fill(url)
        client = administrator_client(create_app, load_config().with_(database_url=url))
        shapes = {
            "first page, sort=name": "/api/v1/customers?sort=name",
            "status=active&type=business, sort=-created_at": "/api/v1/customers?status=active&type=business&sort=-created_at",
            "q=globex (substring of name/email/external id), sort=name": "/api/v1/customers?q=globex&sort=name",
            "q=ext-0421 (rare), sort=name": "/api/v1/customers?q=ext-0421&sort=name",
            "group_id + tag=vip, sort=name": f"/api/v1/customers?group_id={group}&tag=vip&sort=name",
        }
        for label, path in shapes.items():
            assert client.get(path).status_code == 200
            report(f"GET {label} (limit 50, HTTP in-process)", timings_ms(lambda: client.get(path), 50), 50)
        page = client.get("/api/v1/customers?sort=name&limit=50").json
        for _ in range(200):  # deep into the list: keyset pages cost the same at any depth
            page = client.get(f"/api/v1/customers?sort=name&limit=50&cursor={page['next_cursor']}").json
        deep = f"/api/v1/customers?sort=name&limit=50&cursor={page['next_cursor']}"
        report("GET page 202 by cursor, sort=name (HTTP in-process)", timings_ms(lambda: client.get(deep), 50), 50)


if __name__ == "__main__":
    main()
