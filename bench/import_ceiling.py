"""The ceilings of a customers import on this machine (issue 9: validate >= 50,000 and import >= 10,000
rows/s), measured without the suite around them. Prints figures, asserts nothing.

(a) validate: what the owning service's own rules cost a customers row, alone, in this process, no
    database: the cells read back (`restore`) and `_customer_fields` (messaging/import_rows.py: the
    customers schema load and the value rules), with the parent and group found in memory as a
    batch's preload leaves them. Twice: a row of bench/import_throughput.py's file, and a row with
    every column filled (phone and VAT id are the costly rules). The rows/s that CPU allows on the
    machine's cores if nothing else ran is the ceiling of `validate` under the issue's rule "validated
    by the same rules the owning service applies".
(b) import: the bare minimum write of an imported customer: ROWS customers rows (five levels, parents
    first, a third in a group, as the bench's file) into a scratch customers database migrated to
    head (the same indexes, the trigram one included, and foreign keys), with an outbox row each, in
    batches of BATCH rows, one transaction per batch: once as one `INSERT ... SELECT unnest(...)` per
    table (b2b_shared.messaging.batches.unnest_insert), once by COPY. No Python rules: every row and
    envelope is built, and bound as the statement takes it, before the clock starts. Prints this
    process's and its PostgreSQL backend's CPU per row (not the WAL writer's, nor autovacuum's later)
    and the rows/s they allow on the machine's cores: the ceiling of `import`.

    .venv/bin/python bench/import_ceiling.py [ROWS]
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
import types
import uuid

from b2b_shared.messaging.batches import by_column, unnest_insert
from b2b_shared.messaging.envelope import make_envelope
from b2b_shared.messaging.import_batches import BatchContext
from b2b_shared.spreadsheet import restore
from benchkit import scratch_database
from consumer_cost import backend_cpu_seconds
from psycopg.types.json import Jsonb
from sqlalchemy import create_engine, text

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
LEVELS, BATCH, RULE_RUNS = 5, 1_000, 20_000
CORES = os.cpu_count() or 1
FULL_ROW = {"id": "", "external_id": "acme-1", "name": "Acme Corporation", "type": "business", "status": "active",
            "parent_id": "", "parent_external_id": "acme-0", "group_code": "bench", "email": "buyer@acme.example",
            "phone": "+49 30 1234567", "tax_code": "standard", "vat_id": "DE 136,695,976", "first_name": "",
            "last_name": "", "sales_rep_ids": "", "tags": "bench;vip"}
FILE_ROW = {"external_id": "bench-7", "name": "Bench customer 7", "parent_external_id": "bench-0", "group_code": "",
            "tags": "bench;vip"}
CUSTOMER_COLUMNS = ("id", "name", "type", "status", "external_id", "parent_id", "lineage", "group_id", "tags",
                    "sales_rep_ids", "version", "created_at", "updated_at")
OUTBOX_COLUMNS = ("event_id", "event_type", "subject", "envelope")


# (a) ------------------------------------------------------------------------------------------------------

def rules_cpu_per_row(cells: dict) -> float:
    """CPU seconds a row costs in `_customer_fields`, as customer_row calls it (cells restored first)."""
    from customers.messaging.import_rows import _customer_fields
    found = types.SimpleNamespace(id=uuid.uuid4())
    uow = types.SimpleNamespace(  # what a batch's preload leaves in the session: found by key, no query
        customers=types.SimpleNamespace(by_external_id=lambda key: found, get=lambda key: found),
        groups=types.SimpleNamespace(by_code=lambda code: found))
    batch = BatchContext("job", "customers", "validate", actor=None)
    for _ in range(500):  # warm-up
        _customer_fields(uow, {k: restore(v) for k, v in cells.items()}, batch)
    started = time.process_time()
    for _ in range(RULE_RUNS):
        _customer_fields(uow, {k: restore(v) for k, v in cells.items()}, batch)
    return (time.process_time() - started) / RULE_RUNS


def print_rules_ceiling() -> None:
    for label, cells in (("the bench file's row", FILE_ROW), ("every column filled", FULL_ROW)):
        cpu = rules_cpu_per_row(cells)
        print(f"(a) validate, the customers rules alone ({label}): {cpu * 1e6:.0f} us CPU/row -> "
              f"{CORES / cpu:,.0f} rows/s on {CORES} cores if nothing else ran (target 50,000)")


# (b) ------------------------------------------------------------------------------------------------------

def customer_batches(group_id: uuid.UUID) -> list[tuple[list[dict], list[dict]]]:
    """(customers rows, outbox rows) per batch, parents first: everything built before timing."""
    per_level, lineages, rows = ROWS // LEVELS, [], []
    now = dt.datetime.now(dt.timezone.utc)
    for n in range(ROWS):
        level = min(n // per_level, LEVELS - 1)
        parent = lineages[(n * 7919) % per_level + per_level * (level - 1)] if level else []
        customer_id = uuid.uuid4()
        lineages.append([*parent, customer_id])
        rows.append({"id": customer_id, "name": f"Bench customer {n}", "type": "business", "status": "active",
                     "external_id": f"bench-{n}", "parent_id": parent[-1] if parent else None,
                     "lineage": lineages[-1], "group_id": group_id if n % 3 == 0 else None,
                     "tags": ["bench", "vip"] if n % 7 == 0 else ["bench"], "sales_rep_ids": [], "version": 1,
                     "created_at": now, "updated_at": now})
    return [(rows[start:start + BATCH], [outbox_row(row) for row in rows[start:start + BATCH]])
            for start in range(0, ROWS, BATCH)]


def outbox_row(customer: dict) -> dict:
    data = {k: (str(v) if isinstance(v, (uuid.UUID, dt.datetime)) else v) for k, v in customer.items()
            if k != "lineage"}
    envelope = make_envelope("customer.created", "/b2b/customers", str(customer["id"]), data, None)
    return {"event_id": uuid.UUID(envelope["id"]), "event_type": "customer.created", "subject": str(customer["id"]),
            "envelope": envelope}


def unnest_params(tables, customers: list[dict], outbox: list[dict]):
    """Each table's columns as arrays, as unnest_insert binds them."""
    return by_column(customers, tables[0], CUSTOMER_COLUMNS), by_column(outbox, tables[1], OUTBOX_COLUMNS)


def insert_unnest(connection, tables, prepared) -> None:
    connection.execute(unnest_insert(tables[0], CUSTOMER_COLUMNS), prepared[0])
    connection.execute(unnest_insert(tables[1], OUTBOX_COLUMNS), prepared[1])


def copy_rows(tables, customers: list[dict], outbox: list[dict]):
    return ([[row[name] for name in CUSTOMER_COLUMNS] for row in customers],
            [[row["event_id"], row["event_type"], row["subject"], Jsonb(row["envelope"])] for row in outbox])


def insert_copy(connection, tables, prepared) -> None:
    cursor = connection.connection.driver_connection.cursor()
    for table, columns, rows in (("customers", CUSTOMER_COLUMNS, prepared[0]), ("outbox", OUTBOX_COLUMNS, prepared[1])):
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def write_ceiling(label: str, prepare, write) -> None:
    from customers.domain.model import Base
    tables = (Base.metadata.tables["customers"], Base.metadata.tables["outbox"])
    with scratch_database("services/customers", "ceiling") as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.connect() as connection:
            group_id = connection.scalar(text(
                "INSERT INTO customer_groups (id, name, code, version, created_at, updated_at) "
                "VALUES (gen_random_uuid(), 'Bench', 'bench', 1, now(), now()) RETURNING id"))
            connection.commit()
            batches = [prepare(tables, *batch) for batch in customer_batches(group_id)]
            database_before, client_before, started = backend_cpu_seconds(url), time.process_time(), time.perf_counter()
            for prepared in batches:
                write(connection, tables, prepared)
                connection.commit()
            seconds = time.perf_counter() - started
            client = (time.process_time() - client_before) / ROWS
            database = (backend_cpu_seconds(url) - database_before) / ROWS
            assert connection.scalar(text("SELECT count(*) FROM customers")) == ROWS
        engine.dispose()
    print(f"(b) import, the bare write by {label} ({ROWS:,} customers and their outbox rows, batches of {BATCH:,}): "
          f"{ROWS / seconds:,.0f} rows/s wall clock; CPU/row: PostgreSQL {database * 1e6:.0f} us, this process "
          f"{client * 1e6:.0f} us -> {CORES / (database + client):,.0f} rows/s on {CORES} cores if nothing else ran "
          f"(target 10,000)")


def main() -> None:
    print_rules_ceiling()
    write_ceiling("INSERT ... SELECT unnest", unnest_params, insert_unnest)
    write_ceiling("COPY", copy_rows, insert_copy)


if __name__ == "__main__":
    main()
