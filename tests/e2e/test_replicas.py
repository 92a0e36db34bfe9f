"""Two of every relay, consumer and import worker (`REPLICAS=2 make run`, as Kubernetes scales them) give
exactly what one of each gives: the same event flows and imports run on a suite of single processes and
on a replicated one, and every figure matches: each imported row applied once, every event a service
committed applied exactly once by every other service that consumes it, read models equal to the
owner's table row by row."""
from __future__ import annotations

import importlib
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pika
import pytest
from b2b_shared.entrypoints import load_service
from b2b_shared.service import queues_of
from sqlalchemy import text
from suite_runner import SCALED_PROCESSES, SERVICES, running_suite, suite_environment
from test_import import a_file, company, finished, submit
from test_rebuild import database, eventually_equal

pytestmark = pytest.mark.e2e

REPLICAS = 2
IMPORTS, ROWS_PER_IMPORT = 4, 60  # jobs submitted at once, so that both workers stage at the same time


@pytest.fixture(scope="module")
def replicated(postgres_url, amqp_url):
    # An events exchange of its own: on the session's, each suite's queues would take the other's events too.
    exchange = f"b2b.events.test-{uuid.uuid4().hex[:8]}"
    try:
        with suite_environment(postgres_url, amqp_url, exchange) as env, \
                running_suite(env, replicas=REPLICAS) as running:
            yield running
    finally:
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        connection.channel().exchange_delete(exchange)
        connection.close()


def test_a_replicated_suite_runs_two_of_every_relay_consumer_and_worker(replicated):
    # honcho runs each line through `sh -c`: count the Python processes, not their shells.
    running = [line for line in processes_of(replicated.process.pid) if not line.startswith(("/bin/sh", "sh "))]
    for service in SERVICES:
        for process in set(service.processes) & set(SCALED_PROCESSES):
            command = f"{process} {service.name}"
            assert sum(command in line for line in running) == REPLICAS, (command, running)
    # And both consumers of a queue are its consumers at the broker, sharing its messages (once connected).
    assert eventually(lambda: consumers_of(replicated, "pricing.customer-events"), lambda n: n == REPLICAS) == REPLICAS


def test_two_of_each_give_exactly_the_results_of_one(suite, replicated):
    single, doubled = scenario(suite), scenario(replicated)
    assert doubled == single
    # And the results are the right ones, not merely the same wrong ones.
    assert single["imports"] == [("completed", ROWS_PER_IMPORT, 0, 0)] * IMPORTS
    assert single["imported_customers"] == [ROWS_PER_IMPORT] * IMPORTS
    assert single["read_model_differences"] == []
    assert {"customers -> pricing", "customers -> users-roles", "users-roles -> pricing"} <= set(single["applied_once"])
    assert all(single["applied_once"].values()), single["applied_once"]


def scenario(suite) -> dict:
    """The event flows and the imports, on one running suite; what they left, free of ids and times."""
    admin = suite.client(suite.admin())
    customers_before = count(suite, "CUSTOMERS", "SELECT count(*) FROM customers")
    flows = event_flows(admin, uuid.uuid4().hex[:8])
    imports = parallel_imports(admin)
    read_models = [database(suite, name) for name in ("CUSTOMERS", "PRICING", "USERS_ROLES")]
    return {
        "flows": flows,
        "imports": [(job["status"], job["created"], job["updated"], job["failed"]) for job, _ in imports],
        "imported_customers": [len(admin.get(f"/api/v1/customers?q={prefix}&limit=500").json()["items"])
                               for _, prefix in imports],
        "customers_added": count(suite, "CUSTOMERS", "SELECT count(*) FROM customers") - customers_before,
        "read_model_differences": eventually_equal(*read_models, timeout=60),
        # Every pair where the consumer handles something the owner publishes, whether or not this suite's
        # earlier tests made such events (the session's suite has run every end-to-end test before).
        "applied_once": {f"{owner.name} -> {consumer.name}": applied_once(suite, owner, consumer)
                         for owner in SERVICES for consumer in SERVICES
                         if owner != consumer and set(published_by(owner)) & set(handled_by(consumer))},
    }


def event_flows(admin, unique: str) -> dict:
    """customer.* events through both relays and both consumers: a hierarchy, a status change, a deletion."""
    parent = post(admin, "/api/v1/customers", {"name": f"Parent {unique}"})
    children = [post(admin, "/api/v1/customers", {"name": f"Child {n} {unique}", "parent_id": parent["id"]})
                for n in range(10)]
    user = {"customer_id": children[0]["id"], "email": f"buyer.{unique}@example.com", "password": "correct horse battery",
            "first_name": "Bea", "last_name": "Buyer"}
    # users-roles knows the customer only through the events: then that it is inactive, and disables its user.
    created = eventually(lambda: admin.post("/api/v1/customer-users", json=user), lambda r: r.status_code == 201)
    assert created.status_code == 201, created.text
    for child in children[:3]:
        patched = admin.patch(f"/api/v1/customers/{child['id']}", json={"status": "inactive"},
                              headers={"If-Match": '"1"'})
        assert patched.status_code == 200, patched.text
    gone = children[-1]
    assert admin.delete(f"/api/v1/customers/{gone['id']}", headers={"If-Match": '"1"'}).status_code == 204
    enabled = eventually(lambda: admin.get(f"/api/v1/customer-users/{created.json()['id']}").json()["enabled"],
                         lambda value: value is False)
    return {"children": len(children), "user_created": created.status_code, "user_enabled": enabled}


def parallel_imports(admin) -> list[tuple[dict, str]]:
    """IMPORTS files of ROWS_PER_IMPORT customers (children before their parents), submitted at once."""
    prefixes = [uuid.uuid4().hex[:8].upper() for _ in range(IMPORTS)]
    files = [a_file([company(f"n{n}", prefix, parent=f"n{n + 1}" if n % 3 and n + 1 < ROWS_PER_IMPORT else "")
                     for n in range(ROWS_PER_IMPORT)]) for prefix in prefixes]
    jobs = [submit(admin, content, "import").json()["id"] for content in files]
    with ThreadPoolExecutor(IMPORTS) as pool:
        done = list(pool.map(lambda job_id: finished(admin, job_id, timeout=180), jobs))
    return list(zip(done, prefixes))


def published_by(service) -> tuple[str, ...]:
    return importlib.import_module(f"{service.package}.messaging.published").EVENT_TYPES


def handled_by(service) -> set[str]:
    """The event types the service's consumer applies (its service.py's handlers, on any of its queues)."""
    return {event for consumes in queues_of(load_service(service.name)) for event in consumes.handlers}


def events_between(suite, owner, consumer) -> list[str]:
    """The event types the owner committed that the consumer applies."""
    committed = {row[0] for row in rows(suite, owner.env_prefix, "SELECT DISTINCT event_type FROM outbox")}
    return sorted(committed & handled_by(consumer))


def applied_once(suite, owner, consumer) -> bool:
    """Every event of those types the owner committed was applied by the consumer exactly once: one inbox
    row per event and queue (the inbox's key forbids a second; customers reads some events on two queues,
    its principals' and its timeline's), and no event of the outbox missing."""
    committed = events_between(suite, owner, consumer)
    if not committed:
        return True  # nothing of the kind happened in this suite: nothing to miss
    types = ", ".join(f"'{event_type}'" for event_type in committed)
    sent = {row[0] for row in rows(suite, owner.env_prefix, f"SELECT event_id::text FROM outbox "
                                                            f"WHERE event_type IN ({types})")}
    deadline = time.monotonic() + 60
    while True:
        seen = rows(suite, consumer.env_prefix, f"SELECT event_id, count(*) FROM inbox WHERE event_type IN ({types}) "
                                                f"GROUP BY consumer, event_id")
        applied = {event_id for event_id, times in seen if times == 1}
        if sent <= applied or time.monotonic() > deadline:
            return sent <= applied and all(times == 1 for _, times in seen)
        time.sleep(0.2)


# --- helpers ---------------------------------------------------------------------------------------


def post(admin, path: str, body: dict) -> dict:
    response = admin.post(path, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def eventually(action, accept, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while not accept(result := action()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def rows(suite, prefix: str, query: str) -> list[tuple]:
    engine = database(suite, prefix)
    try:
        with engine.connect() as db:
            return [tuple(row) for row in db.execute(text(query))]
    finally:
        engine.dispose()  # polled many times: never keep a connection per call


def count(suite, prefix: str, query: str) -> int:
    return rows(suite, prefix, query)[0][0]


def consumers_of(suite, queue: str) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(suite.env["AMQP_URL"]))
    try:
        namespaced = f"{suite.env['BROKER_NAMESPACE']}.{queue}"
        return connection.channel().queue_declare(namespaced, passive=True).method.consumer_count
    finally:
        connection.close()


def processes_of(root: int) -> list[str]:
    """The command lines of every process under `root` (honcho's children and theirs), from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
    tree, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return [command_line(pid) for pid in sorted(tree)]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""
