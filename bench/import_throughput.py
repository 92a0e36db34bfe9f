"""Import throughput end to end, through the gateway of a suite started as `make run` starts it:
ROWS customers in a hierarchy five levels deep by parent_external_id, shuffled so that children often
come before their parents, with groups and tags.

Prints rows/s of `validate` (target >= 50,000) and of `import` (target >= 10,000), both from the
upload's answer until the job is finished; then how long after the import's completion the last of
its customer.created events reached a queue bound to the suite's exchange (target <= 30 s), and the
import worker's peak resident memory.

    .venv/bin/python bench/import_throughput.py [ROWS]
"""
from __future__ import annotations

import csv
import io
import os
import random
import sys
import threading
import time
import uuid
from pathlib import Path

import pika
from benchkit import AMQP_URL, POSTGRES_URL, ROOT

sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from suite_runner import running_suite, suite_environment  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
LEVELS = 5
TARGET_VALIDATE, TARGET_IMPORT, TARGET_EVENTS_S = 50_000, 10_000, 30
COLUMNS = ["external_id", "name", "parent_external_id", "group_code", "tags"]


def main() -> None:
    exchange = f"bench.import.{uuid.uuid4().hex[:6]}"
    with suite_environment(POSTGRES_URL, AMQP_URL, exchange) as env, running_suite(env) as suite, \
            EventCounter(exchange, "customer.created") as created_events:
        admin = suite.client(suite.admin())
        group = admin.post("/api/v1/customer-groups", json={"name": "Bench", "code": "bench"}).json()
        content = a_file(ROWS, group["code"])
        print(f"file: {ROWS:,} rows, {len(content) / 2**20:.1f} MiB, {LEVELS} levels, shuffled")
        for mode in ("validate", "import"):
            before = cpu_seconds_by_process()
            job, seconds = timed_job(admin, content, mode)
            print_cpu(before, cpu_seconds_by_process())
            target = TARGET_VALIDATE if mode == "validate" else TARGET_IMPORT
            rate = job["total_rows"] / seconds
            print(f"{mode}: {rate:,.0f} rows/s ({seconds:.1f} s; created {job['created']}, failed {job['failed']}) "
                  f"target >= {target:,}  {'OK' if rate >= target else 'MISSED'}")
        completed = time.monotonic()
        lag = created_events.wait_for(ROWS, timeout=300) - completed
        print(f"all {ROWS:,} customer.created events on a bound queue {max(lag, 0):.1f} s after the import completed "
              f"(target <= {TARGET_EVENTS_S} s)  {'OK' if lag <= TARGET_EVENTS_S else 'MISSED'}")
        listed = admin.get("/api/v1/customers?q=bench-&limit=1").json()["items"]
        print(f"visible through the API: {'yes' if listed else 'no'}")


def a_file(rows: int, group: str) -> bytes:
    per_level = rows // LEVELS
    lines = []
    for n in range(rows):
        level = min(n // per_level, LEVELS - 1)
        parent = f"bench-{random.randrange(per_level * (level - 1), per_level * level)}" if level else ""
        lines.append({"external_id": f"bench-{n}", "name": f"Bench customer {n}", "parent_external_id": parent,
                      "group_code": group if n % 3 == 0 else "", "tags": "bench;vip" if n % 7 == 0 else "bench"})
    random.shuffle(lines)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(lines)
    return buffer.getvalue().encode()


def timed_job(admin, content: bytes, mode: str) -> tuple[dict, float]:
    response = admin.post("/api/v1/import-jobs", files={"file": ("bench.csv", content, "text/csv")},
                          data={"entity": "customers", "mode": mode}, timeout=300)
    assert response.status_code == 202, response.text
    started, job_id = time.monotonic(), response.json()["id"]
    while True:
        job = admin.get(f"/api/v1/import-jobs/{job_id}").json()
        if job["status"] not in ("queued", "validating", "importing"):
            return job, time.monotonic() - started
        time.sleep(0.25)


def cpu_seconds_by_process() -> dict[str, float]:
    """CPU seconds used so far by each of the suite's processes (and PostgreSQL, RabbitMQ), by name,
    with their children that have exited: a PostgreSQL backend that ended during the job (a connection
    closed) counts in the postmaster's, else its work would not count at all (every backend of the
    machine's PostgreSQL, the suite's or not)."""
    ticks, totals = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name = process_name(command)
        if name:
            totals[name] = totals.get(name, 0.0) + sum(map(int, fields[11:15])) / ticks  # utime stime cutime cstime
    return totals


def process_name(command: str) -> str | None:
    if "b2b-service" in command or "entrypoints" in command:
        parts = command.split()
        return "-".join(parts[-2:][::-1]) if len(parts) >= 2 else None
    if "gunicorn" in command:
        return "gateway" if "gateway" in command else "web " + command.split("web('")[-1].split("'")[0]
    for server in ("postgres", "beam.smp"):
        if server in command:
            return "postgresql" if server == "postgres" else "rabbitmq"
    return None


def print_cpu(before: dict[str, float], after: dict[str, float]) -> None:
    used = sorted(((after[name] - before.get(name, 0.0), name) for name in after), reverse=True)
    print("  cpu seconds: " + ", ".join(f"{name} {seconds:.1f}" for seconds, name in used if seconds >= 0.5))


class EventCounter:
    """Counts the events of one type that reach a queue bound to the suite's exchange."""

    def __init__(self, exchange: str, event_type: str):
        self.exchange, self.event_type, self.count, self.last_at = exchange, event_type, 0, 0.0
        self._stop = threading.Event()

    def __enter__(self) -> "EventCounter":
        self._thread = threading.Thread(target=self._consume, daemon=True)
        self._thread.start()
        time.sleep(1)
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _consume(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        channel = connection.channel()
        channel.exchange_declare(self.exchange, "topic", durable=True)
        queue = channel.queue_declare("", exclusive=True).method.queue
        channel.queue_bind(queue, self.exchange, routing_key=self.event_type)
        channel.basic_qos(prefetch_count=1000)
        for method, _properties, _body in channel.consume(queue, inactivity_timeout=0.5):
            if self._stop.is_set():
                break
            if method is not None:
                self.count += 1
                self.last_at = time.monotonic()
                channel.basic_ack(method.delivery_tag)
        connection.close()

    def wait_for(self, count: int, timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while self.count < count and time.monotonic() < deadline:
            time.sleep(0.2)
        return self.last_at


if __name__ == "__main__":
    main()
