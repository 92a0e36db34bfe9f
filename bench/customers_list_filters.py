"""The customer list's filters and sorts of issue 11 (has_account, sales_rep_id, repeated tags, the
ICU name order, updated_at and external_id sorts) on 100,000 customers (target: under 50 ms, as the
list's other shapes in customers_list.py). A quarter of the customers have a customer user in the
principal read model; one sales representative represents one customer in a hundred.

Prints each shape through the Flask app in-process.
"""
from __future__ import annotations

import uuid

import psycopg
from benchkit import administrator_client, report, scratch_database, timings_ms
from customers.app import create_app
from customers.config import load_config
from customers_list import fill


def principals(url: str) -> uuid.UUID:
    """Customer users for every fourth customer, and a sales representative of every hundredth."""
    rep = uuid.uuid4()
    with psycopg.connect(url) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM customers ORDER BY id")]
        db.execute("INSERT INTO authz_principals (id, kind, enabled, version) VALUES (%s, 'staff', true, 1)", (rep,))
        with db.cursor().copy("COPY authz_principals (id, kind, customer_id, enabled, version) FROM STDIN") as copy:
            for customer_id in ids[::4]:
                copy.write_row((uuid.uuid4(), "customer_user", customer_id, True, 1))
        db.execute("UPDATE customers SET sales_rep_ids = ARRAY[%s]::uuid[] WHERE id = ANY(%s)", (rep, ids[::100]))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE customers")
        db.execute("VACUUM ANALYZE authz_principals")
    return rep


def main() -> None:
    with scratch_database("services/customers", "list_filters") as url:
        fill(url)
        rep = principals(url)
        client = administrator_client(create_app, load_config().with_(database_url=url))
        shapes = {
            "sort=name (ICU, case and accents aside)": "/api/v1/customers?sort=name",
            "sort=-name": "/api/v1/customers?sort=-name",
            "sort=-updated_at": "/api/v1/customers?sort=-updated_at",
            "sort=external_id": "/api/v1/customers?sort=external_id",
            "has_account=true, sort=name": "/api/v1/customers?has_account=true&sort=name",
            "has_account=false, sort=name": "/api/v1/customers?has_account=false&sort=name",
            "sales_rep_id (1 in 100), sort=name": f"/api/v1/customers?sales_rep_id={rep}&sort=name",
            "tag=vip&tag=eu (all), sort=name": "/api/v1/customers?tag=vip&tag=eu&sort=name",
            "tag=vip&tag=eu&tag_match=any, sort=name": "/api/v1/customers?tag=vip&tag=eu&tag_match=any&sort=name",
            "q=globex&has_account=true, sort=name": "/api/v1/customers?q=globex&has_account=true&sort=name",
        }
        for label, path in shapes.items():
            assert client.get(path).status_code == 200, path
            report(f"GET {label} (limit 50, HTTP in-process)", timings_ms(lambda: client.get(path), 50), 50)
        page = client.get("/api/v1/customers?sort=name&limit=50").json
        for _ in range(200):
            page = client.get(f"/api/v1/customers?sort=name&limit=50&cursor={page['next_cursor']}").json
        deep = f"/api/v1/customers?sort=name&limit=50&cursor={page['next_cursor']}"
        report("GET page 202 by cursor, sort=name (ICU, HTTP in-process)", timings_ms(lambda: client.get(deep), 50), 50)


if __name__ == "__main__":
    main()
