"""Outbox relay throughput: events/s from one relay and from two replicas sharing one outbox
(the issue's target: at least 5,000/s from one, "and at least 1.7 times that from two replicas").

Both readings of the second are printed: two relays against 1.7 x 5,000, and two relays against 1.7
x what one relay reached in the same run. The cores each group used say which process was the
limit: on this 2-core machine, with every relay idle most of the time, it is the broker's one quorum
queue, which confirms only after its log is on disk.

Each run commits ROWS customer.created events in one transaction (as a large import does), then
times from the commit until all of them sit on a quorum queue bound to a fresh exchange. The
relays run as their own processes (`b2b-service relay customers`, as `make run` starts
them). Median of RUNS runs each; every run also checks that no event arrived twice.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass

import pika
import psycopg
from b2b_shared.messaging.envelope import make_envelope
from benchkit import AMQP_URL, ROOT, scratch_database
from psycopg.types.json import Jsonb
from sqlalchemy.engine import make_url

ROWS = 50_000
RUNS = 3
TARGET_ONE, TARGET_SCALING = 5_000, 1.7
TIMEOUT_SECONDS = 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def main() -> None:
    exchange = f"bench.relay.{uuid.uuid4().hex[:6]}"
    with scratch_database("services/customers", "relay") as url, ArrivalCounter(exchange) as arrivals:
        one = median_rate(url, exchange, arrivals, replicas=1)
        two = median_rate(url, exchange, arrivals, replicas=2)
    print(f"one relay: {one:,.0f} events/s (target >= {TARGET_ONE:,})  {verdict(one >= TARGET_ONE)}")
    print(f"two relays: {two:,.0f} events/s (target >= {TARGET_SCALING} x {TARGET_ONE:,} = "
          f"{TARGET_SCALING * TARGET_ONE:,.0f})  {verdict(two >= TARGET_SCALING * TARGET_ONE)}")
    print(f"two relays / one relay: {two / one:.2f} (target >= {TARGET_SCALING}, if 'that' is one relay's own rate)  "
          f"{verdict(two >= TARGET_SCALING * one)}")


def median_rate(url: str, exchange: str, arrivals: "ArrivalCounter", replicas: int) -> float:
    relays = [start_relay(url, exchange) for _ in range(replicas)]
    try:
        ours = Ours({relay.pid for relay in relays}, make_url(url).database)
        runs = [one_run(url, arrivals, ours) for _ in range(RUNS)]
    finally:
        for relay in relays:
            stop(relay)
    print(f"{replicas} relay(s), {ROWS:,} events per run:")
    for rate, cores in runs:
        used = ", ".join(f"{group} {share:.2f}" for group, share in cores.items())
        print(f"  {rate:,.0f} events/s; CPU cores used: {used}")
    return statistics.median(rate for rate, _ in runs)


def one_run(url: str, arrivals: "ArrivalCounter", ours: "Ours") -> tuple[float, dict[str, float]]:
    """Events/s, and the CPU cores each group of processes used meanwhile (this machine is shared)."""
    arrivals.purge()
    vacuum(url)
    committed = commit_events(url, ROWS)
    before = cpu_by_group(ours)
    arrivals.wait_for(ROWS, committed + TIMEOUT_SECONDS)
    elapsed = time.monotonic() - committed
    after = cpu_by_group(ours)
    cores = {group: (after[group] - before[group]) / CLOCK_TICKS / elapsed for group in after}
    time.sleep(0.5)  # anything published twice would land by now
    if (extra := arrivals.count() - ROWS) != 0:
        raise SystemExit(f"{extra} events arrived more than once")
    return ROWS / elapsed, cores


def cpu_by_group(ours: "Ours") -> dict[str, int]:
    """CPU ticks so far, from Linux's /proc: the relays, the broker, PostgreSQL, everything else (the
    bench included), and `stolen`, the time the VM's host gave to others."""
    with open("/proc/stat") as stat:
        machine = [int(value) for value in stat.readline().split()[1:9]]
    groups = {"relays": 0, "broker": 0, "postgres": 0, "other": sum(machine[:3]) + sum(machine[5:7])}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        group, ticks = process_ticks(int(pid), ours)
        if group:
            groups[group] += ticks
            groups["other"] -= ticks
    return {**groups, "stolen": machine[7]}


def process_ticks(pid: int, ours: "Ours") -> tuple[str | None, int]:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            name, fields = stat.read().rsplit(")", 1)
        with open(f"/proc/{pid}/cmdline") as cmdline:
            command_line = cmdline.read()
    except OSError:
        return None, 0  # ended meanwhile
    user, system = fields.split()[11:13]
    return ours.group_of(pid, name.split("(", 1)[1], command_line), int(user) + int(system)


@dataclass(frozen=True)
class Ours:
    """Which processes are this bench's: its relays, the broker, and the PostgreSQL server's own
    processes and its backends for the bench database (other sessions' backends are `other`)."""

    relay_pids: set[int]
    database: str

    def group_of(self, pid: int, command: str, command_line: str) -> str | None:
        if pid in self.relay_pids:
            return "relays"
        if command == "beam.smp":
            return "broker"
        is_backend = "(" in command_line or "[local]" in command_line
        if command == "postgres" and (self.database in command_line or not is_backend):
            return "postgres"
        return None


def commit_events(url: str, count: int) -> float:
    """Writes `count` outbox rows in one transaction with the relay's NOTIFY; returns the commit time."""
    envelopes = [customer_created(n) for n in range(count)]
    with psycopg.connect(url) as db:
        with db.cursor().copy("COPY outbox (event_id, event_type, subject, envelope) FROM STDIN") as copy:
            for envelope in envelopes:
                copy.write_row((envelope["id"], envelope["type"], envelope["subject"], Jsonb(envelope)))
        db.execute("SELECT pg_notify('outbox_customers', '')")
        db.commit()
    return time.monotonic()


def vacuum(url: str) -> None:
    """Each run starts from the outbox autovacuum would leave, not the previous run's dead rows."""
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE outbox")


def customer_created(n: int) -> dict:
    customer_id = str(uuid.uuid4())
    data = {"id": customer_id, "version": 1, "name": f"Acme Industrial Supplies {n}", "type": "business",
            "status": "active", "external_id": f"ERP-{n:08d}", "parent_id": None, "group_id": str(uuid.uuid4()),
            "email": f"purchasing{n}@acme-industrial.example", "phone": "+49 30 1234567", "tax_code": "TAX-STD",
            "vat_id": "DE123456789", "sales_rep_ids": [str(uuid.uuid4())], "tags": ["wholesale", "eu"],
            "created_at": "2024-05-01T09:30:00Z", "updated_at": "2024-05-01T09:30:00Z"}
    return make_envelope("customer.created", "/b2b/customers", customer_id, data, uuid.uuid4().hex)


def start_relay(url: str, exchange: str) -> subprocess.Popen:
    env = {**os.environ, "CUSTOMERS_DATABASE_URL": url, "EVENTS_EXCHANGE": exchange, "AMQP_URL": AMQP_URL}
    relay = subprocess.Popen([sys.executable, "-m", "b2b_shared.entrypoints", "relay", "customers"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while "relay.connected" not in (line := relay.stdout.readline()):
        if not line or time.monotonic() > deadline:
            stop(relay)
            raise SystemExit("the relay did not connect")
    threading.Thread(target=relay.stdout.read, daemon=True).start()  # keep its pipe from filling
    return relay


def stop(relay: subprocess.Popen) -> None:
    relay.terminate()
    try:
        relay.wait(timeout=10)
    except subprocess.TimeoutExpired:
        relay.kill()
        relay.wait()


class ArrivalCounter:
    """A quorum queue (as the services' consumers declare) bound to every event of the exchange."""

    def __init__(self, exchange: str):
        self._exchange = exchange
        self._queue = f"{exchange}.count"

    def __enter__(self) -> "ArrivalCounter":
        self._connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        self._channel = self._connection.channel()
        self._channel.exchange_declare(self._exchange, "topic", durable=True)
        self._channel.queue_declare(self._queue, durable=True, arguments={"x-queue-type": "quorum"})
        self._channel.queue_bind(self._queue, self._exchange, "#")
        return self

    def __exit__(self, *exc_info) -> None:
        self._channel.queue_delete(self._queue)
        self._channel.exchange_delete(self._exchange)
        self._connection.close()

    def count(self) -> int:
        return self._channel.queue_declare(self._queue, passive=True).method.message_count

    def purge(self) -> None:
        self._channel.queue_purge(self._queue)

    def wait_for(self, count: int, deadline: float) -> None:
        while self.count() < count:
            if time.monotonic() > deadline:
                raise SystemExit(f"only {self.count()} of {count} events arrived in time")
            self._connection.sleep(0.01)


def verdict(met: bool) -> str:
    return "OK" if met else "MISSED"


if __name__ == "__main__":
    main()
