"""How close the read path comes to the machine's limit (issue: the read path close to the ceiling).

Starts, side by side under gunicorn with deploy/gunicorn.conf.py (the gateway with its own gevent
settings, as `make run` starts it): the bare app (bench/bare_reads.py: the same SQL and JSON fields
and nothing else), the customers service, and the gateway in front of it, token verification on.
Loads each with wrk (2 threads, 16 connections; installed from Debian's packages when missing, else
a Python client, said in the output), in interleaved rounds so that other load on the machine hits
all three alike, for two reads: one customer by id, and the first page of 50 active customers by name.
Prints req/s, p50 and p99 of each (medians over the rounds) and the ratios the issue names:
service/bare >= 0.70 (by id) and >= 0.60 (page); gateway/service >= 0.75 with at most 2 ms added at p99.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import uuid

import requests
from b2b_shared.db.engine import make_engine
from b2b_shared.http.resources import UOW_FACTORY
from b2b_shared.testing.identity import Identities, SigningKeys, administrator_access
from benchkit import scratch_database
from customers.app import create_app
from customers.config import load_config
from customers.services.customers import create_customer
from gateway_rps import CONNECTIONS, HEADERS, free_port, gunicorn, wait_ready
from sqlalchemy import text

SECONDS = int(os.environ.get("BENCH_SECONDS", 5))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
CUSTOMERS = 1_000
# The filtered page, as the service is asked it and as the bare app runs it (bare_reads.py).
PAGE, PAGE_WHERE = "/api/v1/customers?limit=50&status=active", "status = 'active'"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def ensure_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk", shell=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return shutil.which("wrk") is not None


def load_with_wrk(url: str, headers: dict) -> tuple[float, float, float]:
    """req/s, p50 ms, p99 ms."""
    arguments = [argument for name, value in headers.items() for argument in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", *arguments, url],
                         capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    percentile = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    return rps, percentile["50"], percentile["99"]


def load_with_python(url: str, headers: dict) -> tuple[float, float, float]:
    import http.client
    import threading
    import time

    host, port, path = re.match(r"http://([^:]+):(\d+)(.*)", url).groups()
    samples: list[float] = []
    deadline = time.monotonic() + SECONDS

    def worker():
        connection = http.client.HTTPConnection(host, int(port))
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
            samples.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(samples)
    return len(samples) / SECONDS, statistics.median(ordered), ordered[int(len(ordered) * 0.99)]


def seed(url: str):
    app = create_app(load_config().with_(database_url=url))
    first = None
    for number in range(CUSTOMERS):
        customer = create_customer(app.extensions[UOW_FACTORY](), administrator_access(),
                                   {"name": f"Customer {number:05d}", "email": f"buyer{number}@example.com",
                                    "tags": ["bench"]})
        first = first or customer
    engine = make_engine(url, 1)
    with engine.begin() as connection:  # the statistics autovacuum would gather: both plans use the indexes
        connection.execute(text("ANALYZE customers"))
    engine.dispose()
    return first


def columns_of(url: str, service_url: str, path: str) -> list[str]:
    """The JSON fields the service answers that are columns of the table (the bare app selects those)."""
    fields = requests.get(service_url + path, headers=HEADERS, timeout=5).json().keys()
    engine = make_engine(url, 1)
    with engine.connect() as connection:
        table = set(connection.execute(text("SELECT column_name FROM information_schema.columns "
                                            "WHERE table_name = 'customers'")).scalars())
    engine.dispose()
    return [field for field in fields if field in table]


def name_order(url: str) -> str:
    """The page's ORDER BY as the service's repository writes it (its collation, when it has one)."""
    engine = make_engine(url, 1)
    with engine.connect() as connection:
        collated = connection.execute(text("SELECT 1 FROM pg_collation WHERE collname = 'und_ci_ai'")).first()
    engine.dispose()
    return 'name COLLATE "und_ci_ai", id' if collated else "name, id"


def main() -> None:
    load = load_with_wrk if ensure_wrk() else load_with_python
    with scratch_database("services/customers", "ceiling") as url:
        customer = seed(url)
        keys = SigningKeys()
        engine = make_engine(url, 1)
        HEADERS.update(Identities(keys, engine).staff("administrator"))
        engine.dispose()
        bare_port, service_port, gateway_port = free_port(), free_port(), free_port()
        env = {**os.environ, "CUSTOMERS_DATABASE_URL": url, "CUSTOMERS_URL": f"http://127.0.0.1:{service_port}",
               "LOG_LEVEL": "WARNING", "JWKS_URL": keys.jwks_url, "RATELIMIT_KEY_PREFIX": f"ceiling-{uuid.uuid4().hex[:6]}",
               "RATELIMIT_PER_IDENTITY": "10000000/minute", "RATELIMIT_PER_ADDRESS": "10000000/minute"}
        service = gunicorn("b2b_shared.entrypoints:web('customers')", service_port, env)
        processes = [service]
        try:
            one, page = f"/api/v1/customers/{customer.id}", PAGE
            wait_ready(f"http://127.0.0.1:{service_port}{one}")
            bare_env = {**env, "BARE_DATABASE_URL": url, "BARE_COLUMNS": ",".join(columns_of(url, f"http://127.0.0.1:{service_port}", one)),
                        "BARE_ORDER": name_order(url), "BARE_WHERE": PAGE_WHERE, "PYTHONPATH": os.path.dirname(os.path.abspath(__file__))}
            processes += [gunicorn("bare_reads:app", bare_port, bare_env),
                          gunicorn("gateway.entrypoints.web:app", gateway_port, env, "deploy/gunicorn-gateway.conf.py")]
            wait_ready(f"http://127.0.0.1:{bare_port}{one}")
            wait_ready(f"http://127.0.0.1:{gateway_port}{one}")
            targets = {"bare": bare_port, "service": service_port, "gateway": gateway_port}
            figures = {(read, target): [] for read in ("one", "page") for target in targets}
            for read, path in (("one", one), ("page", page)):
                for port in targets.values():
                    load(f"http://127.0.0.1:{port}{path}", HEADERS)  # warm: pools filled, statements prepared
            for _ in range(ROUNDS):
                for read, path in (("one", one), ("page", page)):
                    for target, port in targets.items():
                        figures[(read, target)].append(load(f"http://127.0.0.1:{port}{path}", HEADERS))
        finally:
            for process in processes:
                process.terminate()
                process.wait()
    report(load.__name__.removeprefix("load_with_"), figures)


def report(loader: str, figures: dict) -> None:
    print(f"load: {loader}, {CONNECTIONS} connections, {ROUNDS} interleaved rounds of {SECONDS} s, "
          f"WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', '2')}; medians over the rounds")
    medians = {key: tuple(statistics.median(sample[i] for sample in samples) for i in range(3))
               for key, samples in figures.items()}
    for (read, target), (rps, p50, p99) in medians.items():
        rounds = ", ".join(f"{sample[0]:.0f}" for sample in figures[(read, target)])
        print(f"  {read:4} {target:8} {rps:7.0f} req/s  p50 {p50:6.2f} ms  p99 {p99:6.2f} ms  (rounds: {rounds})")
    for read, floor in (("one", 0.70), ("page", 0.60)):
        ratio = medians[(read, "service")][0] / medians[(read, "bare")][0]
        print(f"{read}: service/bare {ratio:.2f} (target >= {floor:.2f}) {'OK' if ratio >= floor else 'MISSED'}")
        through = medians[(read, "gateway")][0] / medians[(read, "service")][0]
        added = medians[(read, "gateway")][2] - medians[(read, "service")][2]
        verdict = "OK" if through >= 0.75 and added <= 2 else "MISSED"
        print(f"{read}: gateway/service {through:.2f} (target >= 0.75), p99 added {added:.2f} ms (target <= 2) {verdict}")


if __name__ == "__main__":
    sys.exit(main())
