"""GET /api/v1/customer-views/{id} through the gateway of a suite started as `make run` starts it
(target: p50 under 30 ms).

The customer has a parent, subsidiaries, addresses, a price list, orders and a timeline; the view
asks its thirteen sections of customers, users-roles and pricing in parallel. Timed one request
after another by an administrator (the figure is a single view's latency, not throughput), with
the CPU time one view costs each process (the view is CPU-bound: on a machine with few CPUs its
latency is about that CPU time shared out over them), and each section asked directly.
"""
from __future__ import annotations

import os
import sys
import time
import uuid

import pika
from b2b_shared.messaging.envelope import make_envelope, to_json
from benchkit import AMQP_URL, POSTGRES_URL, ROOT, report, timings_ms
from gateway.view_sections import SECTIONS

sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from suite_runner import running_suite, suite_environment  # noqa: E402

RUNS, TARGET_MS = 200, 30


def post(admin, path: str, body) -> dict:
    response = admin.post(path, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


def a_customer(suite, admin) -> str:
    parent = post(admin, "/api/v1/customers", {"name": "Bench Group"})["id"]
    customer = post(admin, "/api/v1/customers", {"name": "Bench Buyer", "parent_id": parent})["id"]
    for n in range(5):
        post(admin, "/api/v1/customers", {"name": f"Bench Branch {n}", "parent_id": customer})
        post(admin, f"/api/v1/customers/{customer}/addresses",
             {"types": ["shipping"], "street": f"{n} Main St", "city": "Berlin", "country_code": "DE"})
    price_list = post(admin, "/api/v1/price-lists", {"name": "Bench", "currencies": ["EUR"]})["id"]
    post(admin, "/api/v1/price-list-assignments",
         {"price_list_id": price_list, "level": "customer", "target_id": customer, "priority": 1})
    send_orders(suite, customer, 50)
    deadline = time.monotonic() + 30
    while admin.get(f"/api/v1/customers/{customer}/orders-summary").json()["own"]["orders_count"] < 50:
        if time.monotonic() > deadline:
            raise SystemExit("the orders did not arrive")
        time.sleep(0.1)
    return customer


def send_orders(suite, customer: str, count: int) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(suite.env["AMQP_URL"]))
    channel = connection.channel()
    for n in range(count):
        data = {"order_id": f"bench-{n}", "customer_id": customer, "total": f"{100 + n}.00", "currency": "EUR",
                "occurred_at": "2026-05-01T12:00:00Z"}
        envelope = make_envelope("order.placed", "/bench/orders", data["order_id"], data, None)
        channel.basic_publish(suite.env["EVENTS_EXCHANGE"], "order.placed", to_json(envelope).encode())
    connection.close()


def main() -> None:
    exchange = f"bench.view.{uuid.uuid4().hex[:6]}"
    with suite_environment(POSTGRES_URL, AMQP_URL, exchange) as env:
        env["RATELIMIT_PER_IDENTITY"] = env["RATELIMIT_PER_ADDRESS"] = "100000/minute"
        env["WEB_CONCURRENCY"] = "2"  # as `make run` starts the web processes (deploy/gunicorn.conf.py)
        with running_suite(env) as suite:
            admin = suite.client(suite.admin())
            customer = a_customer(suite, admin)
            view = admin.get(f"/api/v1/customer-views/{customer}").json()
            marked = [name for name, section in view.items()
                      if isinstance(section, dict) and (section.get("unavailable") or section.get("refused"))]
            assert not marked, marked
            before = cpu_seconds(suite.process.pid)
            samples = timings_ms(lambda: admin.get(f"/api/v1/customer-views/{customer}"), RUNS, warmup=10)
            after = cpu_seconds(suite.process.pid)
            report("GET /api/v1/customer-views/{id} through the gateway (13 sections, 3 services; median = p50)",
                   samples, TARGET_MS)
            spent = {name: (after[name] - before.get(name, 0)) * 1000 / (RUNS + 10) for name in after}
            print(f"  CPU per view: {sum(spent.values()):.1f} ms in all ("
                  + ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(spent.items()) if ms >= 0.1)
                  + f"); this machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
            section_times(suite, admin, customer)


def cpu_seconds(root: int) -> dict[str, float]:
    """User and system CPU seconds of every process under `root` (honcho's: web processes, relays,
    consumers), from Linux's /proc, by the name of what it runs."""
    totals: dict[str, float] = {}
    pending = [root]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline") as cmdline:
                name = _process_name(cmdline.read().replace("\0", " "))
            totals[name] = totals.get(name, 0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending += [int(child) for child in children.read().split()]
        except FileNotFoundError:  # ended meanwhile
            continue
    return totals


def _process_name(command: str) -> str:
    for name in ("gateway", "customers", "users-roles", "pricing", "import"):
        if name in command:
            kind = "web" if "gunicorn" in command else "worker"
            return f"{name} {kind}"
    return "other"


def section_times(suite, admin, customer: str) -> None:
    """Where the time goes: each section asked of its service directly, one after another."""
    import requests

    session = requests.Session()
    session.headers["Authorization"] = admin.session.headers["Authorization"]
    for name, section in SECTIONS.items():
        url = suite.env[f"{section.service.upper().replace('-', '_')}_URL"] + section.path.format(id=customer)
        assert session.get(url).status_code == 200, name
        report(f"  section {name} ({section.service}, direct)", timings_ms(lambda: session.get(url), 30))


if __name__ == "__main__":
    main()
