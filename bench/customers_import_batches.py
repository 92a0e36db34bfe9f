"""What the customers service costs to apply an import batch of customers, per row, in figures that
hold still on a busy machine: SQL statements, CPU of the consumer's process and of its database
backend (issue 9: the customers consumer spent about 1 ms of CPU a row of bench/import_throughput.py).

A scratch customers database; ROWS customers in a hierarchy LEVELS deep (a third in a group, tags on
every row, as bench/import_throughput.py's file), sent parents first in batches of BATCH rows as the
import service sends them (`import_batch.customers.requested`), through the service's real consumer
of its command queue (inbox, use cases, outbox). No broker: only the applying is measured. Then the
same rows again (all `unchanged`), and in `validate` mode.

    .venv/bin/python bench/customers_import_batches.py [ROWS]            # the figures
    .venv/bin/python bench/customers_import_batches.py [ROWS] --profile  # and cProfile's top functions
"""
from __future__ import annotations

import random
import sys
import uuid

from b2b_shared.db.engine import make_engine
from b2b_shared.entrypoints import build_consumer
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.envelope import CloudEvent, make_envelope, to_json
from b2b_shared.messaging.import_batches import requested
from b2b_shared.testing.identity import Identities, SigningKeys, user_id_of
from benchkit import AMQP_URL, scratch_database
from consumer_cost import consumer_cost

ROWS = next((int(argument) for argument in sys.argv[1:] if argument.isdigit()), 5_000)
LEVELS, BATCH = 5, 500
GROUP = "bench"


def customer_rows(count: int, prefix: str) -> list[dict]:
    """Parents first, as the import worker orders a file (importer/domain/ordering.py)."""
    per_level, rows = count // LEVELS, []
    for n in range(count):
        level = min(n // per_level, LEVELS - 1)
        parent = f"{prefix}-{random.randrange(per_level * (level - 1), per_level * level)}" if level else ""
        rows.append({"external_id": f"{prefix}-{n}", "name": f"Bench customer {n}", "parent_external_id": parent,
                     "group_code": GROUP if n % 3 == 0 else "", "tags": "bench;vip" if n % 7 == 0 else "bench"})
    return rows


def command(entity: str, rows: list[dict], mode: str, actor_id: str) -> CloudEvent:
    job_id = str(uuid.uuid4())
    parents = sorted({cells.get("parent_external_id") for cells in rows} - {None, ""})  # as importer/services/staging.py
    data = {"job_id": job_id, "batch": 1, "entity": entity, "mode": mode, "actor_id": actor_id,
            "rows": [{"row": n, "cells": cells} for n, cells in enumerate(rows, start=2)], "pending_keys": parents}
    return CloudEvent.from_json(to_json(make_envelope(requested(entity), "/b2b/import", job_id, data, None)).encode())


def measure(label: str, consumer, url: str, rows: list[dict], mode: str, actor_id: str, profile: bool) -> None:
    commands = [command("customers", rows[start:start + BATCH], mode, actor_id) for start in range(0, len(rows), BATCH)]
    with consumer_cost(url, profile) as cost:
        for one in commands:
            assert consumer.process(one) == "applied"
    print(f"{label}: consumer CPU {cost.cpu / len(rows) * 1000:.3f} ms/row, database CPU "
          f"{cost.db_cpu / len(rows) * 1000:.3f} ms/row, {len(cost.statements) / len(commands):.0f} statements/batch of "
          f"{BATCH}, {len(rows) / cost.seconds:,.0f} rows/s wall clock")
    cost.print_profile(60)


def main() -> None:
    from customers.service import SERVICE
    configure_logging("WARNING")
    random.seed(9)
    profile = "--profile" in sys.argv
    with scratch_database("services/customers", "customers_import") as url:
        config = SERVICE.load_config().with_(database_url=url, amqp_url=AMQP_URL)
        engine = make_engine(url, 1)
        actor_id = user_id_of(Identities(SigningKeys(), engine).staff("administrator"))
        engine.dispose()
        consumer = build_consumer(SERVICE, config, consumes=SERVICE.commands)
        assert consumer.process(command("customer_groups", [{"code": GROUP, "name": "Bench"}], "import", actor_id))
        consumer.process(command("customers", customer_rows(BATCH, "warmup"), "import", actor_id))  # statements prepared
        rows = customer_rows(ROWS, "bench")
        measure("import (created)", consumer, url, rows, "import", actor_id, profile)
        measure("import again (unchanged)", consumer, url, rows, "import", actor_id, False)
        measure("validate", consumer, url, customer_rows(ROWS, "other"), "validate", actor_id, False)


if __name__ == "__main__":
    main()
