"""CSV export of 1,000,000 customers: streamed in constant memory.

Exports 100,000 rows, then 1,000,000, through the Flask app in-process, reading the response
as a client would, and prints the process's peak resident memory after each: if the export
streams, the peak does not grow with the row count.
"""
from __future__ import annotations

import resource
import time
import uuid

import psycopg
from benchkit import administrator_client, scratch_database
from customers.app import create_app
from customers.config import load_config

TOTAL = 1_000_000


def fill(url: str) -> None:
    columns = "id, name, type, status, external_id, email, phone, lineage, tags, sales_rep_ids, version, created_at, updated_at"
    with psycopg.connect(url) as db, db.cursor().copy(f"COPY customers ({columns}) FROM STDIN") as copy:
        for n in range(TOTAL):
            node = uuid.uuid4()
            copy.write_row((node, f"Customer {n:07}", "business", "active", f"EXT-{n:07}", f"buyer{n}@example.com",
                            "+49301234567", [node], ["vip", "eu"], [], 1, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE customers")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export(client, query: str) -> tuple[int, int, float]:
    started, size, lines = time.perf_counter(), 0, 0
    response = client.get(f"/api/v1/customers/export{query}", buffered=False)
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
    response.close()
    return lines - 1, size, time.perf_counter() - started


def main() -> None:
    with scratch_database("services/customers", "export") as url:
        started = time.perf_counter()
        fill(url)
        print(f"loaded {TOTAL:,} customers with COPY in {time.perf_counter() - started:.1f} s")
        client = administrator_client(create_app, load_config().with_(database_url=url))
        print(f"peak RSS before any export: {peak_rss_mib():.0f} MiB")
        for label, query in (("100,000 rows", "?q=customer 00"), ("1,000,000 rows", "")):
            rows, size, seconds = export(client, query)
            print(f"export {label}: {rows:,} rows, {size / 2**20:.0f} MiB of CSV in {seconds:.1f} s "
                  f"({rows / seconds:,.0f} rows/s); peak RSS now {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
