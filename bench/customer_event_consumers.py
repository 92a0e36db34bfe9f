"""What the four consumers of `customer.*` cost per event, in figures that hold still on a busy
machine: SQL statements, and CPU seconds of the consumer's process and of its database backends
(/proc/PID/stat). An import creates a customer per row, and each created customer is applied by
users-roles' and pricing's read models, the import service's status follower and the customers
timeline (issue 9).

Each consumer gets a scratch database of its service and EVENTS `customer.created` events (a
fifth of them roots, the others children of customers created before them, as an import sends
them), applied through the service's real consumer code (`build_consumer`: inbox and handlers) in
batches of BATCH, as a backlog is; a warm-up batch first. No broker: only the applying is measured.

    .venv/bin/python bench/customer_event_consumers.py            # the figures
    .venv/bin/python bench/customer_event_consumers.py --profile  # and cProfile's top functions
"""
from __future__ import annotations

import os
import random
import sys
import uuid

from b2b_shared.entrypoints import build_consumer
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.envelope import CloudEvent, make_envelope, to_json
from benchkit import AMQP_URL, scratch_database
from consumer_cost import consumer_cost

EVENTS, BATCH, WARMUP = 500, 100, 20
TICKS = os.sysconf("SC_CLK_TCK")


def consumers():
    """(label, service directory, service, which of its queues)."""
    from customers.service import SERVICE as CUSTOMERS
    from importer.service import SERVICE as IMPORT
    from pricing.service import SERVICE as PRICING
    from users_roles.service import SERVICE as USERS_ROLES
    return [("users-roles read model", "services/users-roles", USERS_ROLES, USERS_ROLES.consumes),
            ("pricing read model", "services/pricing", PRICING, PRICING.consumes),
            ("import status follower", "services/import", IMPORT, IMPORT.consumes),
            ("customers timeline", "services/customers", CUSTOMERS, CUSTOMERS.follows)]


def created_events(count: int) -> list[CloudEvent]:
    made: list[str] = []
    events = []
    for n in range(count):
        customer = str(uuid.uuid4())
        parent = random.choice(made) if made and n % 5 else None
        data = {"id": customer, "name": f"Customer {n}", "status": "active", "version": 1, "parent_id": parent,
                "group_id": None, "external_id": f"bench-{customer[:8]}", "sales_rep_ids": [], "tax_code": None}
        envelope = make_envelope("customer.created", "/b2b/customers", customer, data, None)
        events.append(CloudEvent.from_json(to_json(envelope).encode()))
        made.append(customer)
    return events


def measure(label: str, service_dir: str, service, consumes, profile: bool) -> None:
    with scratch_database(service_dir, service.name.replace("-", "_")) as url:
        config = service.load_config().with_(database_url=url, amqp_url=AMQP_URL)
        consumer = build_consumer(service, config, consumes=consumes)
        consumer._apply(created_events(WARMUP))  # statements prepared, connections open
        events = created_events(EVENTS)
        with consumer_cost(url, profile) as cost:
            for start in range(0, EVENTS, BATCH):
                outcomes = consumer._apply(events[start:start + BATCH])
                assert set(outcomes) == {"applied"}, outcomes
        sent = cost.statements
        print(f"{label}: {len(sent) / EVENTS:.2f} statements/event ({len(sent) / (EVENTS / BATCH):.0f}/batch of "
              f"{BATCH}), consumer CPU {cost.cpu / EVENTS * 1000:.3f} ms/event, database CPU "
              f"{cost.db_cpu / EVENTS * 1000:.3f} ms/event")
        cost.print_profile(25)


def main() -> None:
    configure_logging("WARNING")
    random.seed(9)
    for label, service_dir, service, consumes in consumers():
        measure(label, service_dir, service, consumes, "--profile" in sys.argv)


if __name__ == "__main__":
    main()
