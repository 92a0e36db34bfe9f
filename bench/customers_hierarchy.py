"""Hierarchy reads on a 10,000-customer tree 12 levels deep.

Targets (issue 2): descendants of the root under 50 ms; ancestors of a leaf under 5 ms.
Prints the whole-subtree query (all 10,000 rows with depth) and the HTTP calls (first page of
500 descendants; ancestors) through the Flask app in-process, i.e. without network or gunicorn.
"""
from __future__ import annotations

import uuid

import psycopg
from b2b_shared.http.resources import UOW_FACTORY
from benchkit import administrator_client, report, scratch_database, timings_ms
from customers.adapters.repository import CustomerRepository
from customers.app import create_app
from customers.config import load_config

LEVELS, TOTAL = 12, 10_000


def build_tree(url: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A root, then each level's nodes spread over the previous level's: 12 levels, 10,000 nodes."""
    per_level = [1] + [(TOTAL - 1) // (LEVELS - 1)] * (LEVELS - 1)
    per_level[-1] += TOTAL - sum(per_level)
    rows, previous, lineage = [], [], {}
    for level, count in enumerate(per_level):
        current = [uuid.uuid4() for _ in range(count)]
        for n, node in enumerate(current):
            parent = previous[n % len(previous)] if previous else None
            lineage[node] = [*lineage.get(parent, []), node]
            rows.append((node, f"customer {level:02}-{n:05}", parent))
        previous = current
    columns = "id, name, parent_id, lineage, type, status, version, created_at, updated_at, tags, sales_rep_ids"
    with psycopg.connect(url) as db, db.cursor().copy(f"COPY customers ({columns}) FROM STDIN") as copy:
        for node, name, parent in rows:
            copy.write_row((node, name, parent, lineage[node], "business", "active", 1, "now", "now", [], []))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("ANALYZE customers")
    return rows[0][0], rows[-1][0]


def main() -> None:
    with scratch_database("services/customers", "hierarchy") as url:
        root, leaf = build_tree(url)
        client = administrator_client(create_app, load_config().with_(database_url=url))
        uow_factory = client.application.extensions[UOW_FACTORY]

        with psycopg.connect(url) as db:
            sql = ("SELECT id, parent_id, name, cardinality(lineage) - 1 AS depth FROM customers "
                   "WHERE lineage @> ARRAY[%s]::uuid[] AND id <> %s ORDER BY depth, name, id")
            report("descendants of the root, whole subtree (id, parent, name, depth; SQL)",
                   timings_ms(lambda: db.execute(sql, (root, root)).fetchall(), 50), 50)
        report("GET /customers/{root}/descendants?limit=500 (first page, HTTP in-process)",
               timings_ms(lambda: client.get(f"/api/v1/customers/{root}/descendants?limit=500"), 50), 50)
        report("GET /customers/{root}/descendants (default page of 50, HTTP in-process)",
               timings_ms(lambda: client.get(f"/api/v1/customers/{root}/descendants"), 50), 50)
        report("GET /customers/{leaf}/ancestors (11 ancestors, HTTP in-process)",
               timings_ms(lambda: client.get(f"/api/v1/customers/{leaf}/ancestors"), 200), 5)

        def ancestors_query():
            with uow_factory() as uow:
                assert len(CustomerRepository(uow.session).ancestors(leaf)) == LEVELS - 1

        report("ancestors of a leaf (repository query)", timings_ms(ancestors_query, 200), 5)


if __name__ == "__main__":
    main()
