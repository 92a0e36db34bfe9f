"""Resolve 100 items for a customer with 3 lists at its level, 2 at its group and 1 default (4 more
lists in the database, outside its chain), for each combination strategy (PRICING_STRATEGY), and
for merge_by_priority once more with a merge stop in the chain (its second list does not merge).
Targets (issue 10): with 1,000,000 prices, p50 < 5 ms and p99 < 15 ms at the service; with
10,000,000, p50 < 10 ms. Then resolves per second with 8 concurrent clients against gunicorn as
`make run` starts it (deploy/gunicorn.conf.py; WEB_CONCURRENCY and WEB_THREADS as the environment
says, 2 workers x 4 threads by default), the load from wrk when it is installed.

    POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/pricing_resolve.py
    ... bench/pricing_resolve.py --prices 10000000 --no-gunicorn   # the large size (loading takes minutes)

Every list covers every sku with 2 tiers (1 and 10), so every item's sku has 20 price rows, 12 of
them in the chain: each strategy has real combining to do. Requests ask quantities 1, 5 and 12.
A chain whose lists all merge takes merge_by_priority's short way (adapters/price_source.py).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import psycopg
from b2b_shared.testing.identity import client_as
from benchkit import ROOT
from pricing.app import create_app
from pricing_scratch import admin, percentile, scratch_app, summary_ms

ITEMS, REQUESTS, WARMUP, CLIENTS, SECONDS = 100, 1000, 300, 8, 8  # a fresh load's pages warm in ~300 requests
# (strategy, whether the chain's second list has merge_allowed false)
SCENARIOS = (("merge_by_priority", False), ("minimal_prices", False), ("merge_by_priority", True))
TARGETS_MS = {1_000_000: (5, 15), 10_000_000: (10, None)}  # p50, p99
CUSTOMER, GROUP = uuid.uuid4(), uuid.uuid4()
random.seed(7)


def prepare(url: str, client, rows: int) -> tuple[int, str]:
    """The customer and its group in the read model, the 10 lists and their assignments, then the
    prices by COPY. Returns the number of skus and the second list's assignment (the merge stop)."""
    with psycopg.connect(url) as db:
        db.execute("INSERT INTO customer_read_model (id, group_id, status, version, deleted, lineage) "
                   "VALUES (%s, %s, 'active', 1, false, ARRAY[%s::uuid])", (CUSTOMER, GROUP, CUSTOMER))
        db.execute("INSERT INTO customer_group_read_model (id, version, deleted) VALUES (%s, 1, false)", (GROUP,))
    levels = [("customer", CUSTOMER)] * 3 + [("customer_group", GROUP)] * 2 + [("default", None)]
    lists, assignments = [], []
    for n, (level, target) in enumerate(levels):
        list_id = client.post("/api/v1/price-lists", json={"name": f"L{n}", "currencies": ["EUR"]}).json["id"]
        assigned = client.post("/api/v1/price-list-assignments", json={
            "price_list_id": list_id, "level": level, "priority": n, "target_id": str(target) if target else None})
        assert assigned.status_code == 201, assigned.json
        lists.append(list_id)
        assignments.append(assigned.json["id"])
    lists += [client.post("/api/v1/price-lists", json={"name": f"N{n}", "currencies": ["EUR"]}).json["id"]
              for n in range(4)]
    skus = rows // len(lists) // 2
    started = time.perf_counter()
    with psycopg.connect(url) as db:
        with db.cursor().copy("COPY prices (price_list_id, sku, unit, currency, quantity, value) FROM STDIN") as copy:
            for list_id in lists:
                for first in range(0, skus, 50_000):  # a chunk at a time: 10,000,000 rows do not fit a string
                    chunk = []
                    for sku in range(first, min(first + 50_000, skus)):
                        base = random.randint(100, 99_999)
                        chunk.append(f"{list_id}\tSKU-{sku:07}\titem\tEUR\t1\t{base / 100:.2f}\n"
                                     f"{list_id}\tSKU-{sku:07}\titem\tEUR\t10\t{base * 0.9 / 100:.2f}\n")
                    copy.write("".join(chunk))
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE prices")  # what autovacuum does after a load: index-only scans need it
    print(f"loaded {skus * len(lists) * 2:,} prices ({skus:,} skus x {len(lists)} lists x 2 tiers) "
          f"with COPY in {time.perf_counter() - started:.1f} s")
    return skus, assignments[1]


def body(skus: int) -> dict:
    items = [{"sku": f"SKU-{random.randrange(skus):07}", "quantity": random.choice([1, 5, 12])} for _ in range(ITEMS)]
    return {"customer_id": str(CUSTOMER), "currency": "EUR", "items": items}


def measure(client, label: str, skus: int, rows: int) -> None:
    samples = []
    for n in range(REQUESTS + WARMUP):
        request = body(skus)
        started = time.perf_counter()
        response = client.post("/api/v1/prices/resolve", json=request)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.json
        if n >= WARMUP:  # the first requests warm caches and connections
            samples.append(elapsed)
    p50_target, p99_target = TARGETS_MS.get(rows, (None, None))
    p50, p99 = percentile(samples, .5) * 1000, percentile(samples, .99) * 1000
    verdicts = [f"p50 target < {p50_target} ms {'OK' if p50 < p50_target else 'MISSED'}" if p50_target else "",
                f"p99 target < {p99_target} ms {'OK' if p99 < p99_target else 'MISSED'}" if p99_target else ""]
    print(f"resolve {ITEMS} items, 6 lists in the chain, {rows:,} prices, {label}: {summary_ms(samples)}  "
          f"{'  '.join(v for v in verdicts if v)}")


def resolves_per_second(url: str, keys_url: str, headers: dict, strategy: str, skus: int) -> float:
    """8 clients, each one request at a time, against gunicorn with the deployment's settings."""
    port = free_port()
    env = {**os.environ, "PRICING_DATABASE_URL": url, "JWKS_URL": keys_url, "LOG_LEVEL": "WARNING",
           "PRICING_STRATEGY": strategy}
    server = gunicorn("b2b_shared.entrypoints:web('pricing')", port, env)
    try:
        _wait_ready(port)
        bodies = [json.dumps(body(skus)) for _ in range(200)]
        return _wrk(port, headers, bodies) if shutil.which("wrk") else _python_clients(port, headers, bodies)
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn(app: str, port: int, env: dict) -> subprocess.Popen:
    """As the Procfile (`make run`) starts a web process, on a port of the bench's own."""
    return subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind",
                             f"127.0.0.1:{port}", app], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _wait_ready(port: int) -> None:
    import requests
    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/live", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise TimeoutError(port)


WRK_SCRIPT = """
local bodies = {}
local n = 0
init = function(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
end
request = function()
  n = n + 1
  return wrk.format("POST", "/api/v1/prices/resolve", nil, bodies[(n % #bodies) + 1])
end
"""


def _wrk(port: int, headers: dict, bodies: list[str]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        script, lines = os.path.join(folder, "resolve.lua"), os.path.join(folder, "bodies.txt")
        with open(script, "w") as out:
            out.write(WRK_SCRIPT)
        with open(lines, "w") as out:
            out.write("\n".join(bodies))
        flags = [a for name, value in {**headers, "Content-Type": "application/json"}.items()
                 for a in ("-H", f"{name}: {value}")]
        subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", "-d2s", *flags, "-s", script,
                        f"http://127.0.0.1:{port}", "--", lines], capture_output=True, check=True)  # warm up
        ran = subprocess.run(["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", *flags, "-s", script,
                              f"http://127.0.0.1:{port}", "--", lines], capture_output=True, text=True)
    out = ran.stdout
    if "Requests/sec:" not in out:
        raise RuntimeError(out + ran.stderr)
    for line in out.splitlines():
        if "Socket errors" in line or "Non-2xx" in line or line.strip().startswith("Latency"):
            print(f"  wrk: {line.strip()}")
    answered = int(out.split(" requests in ")[0].split()[-1])
    seconds = float(out.split(" requests in ")[1].split("s,")[0])
    refused = int(out.split("Non-2xx or 3xx responses:")[1].split()[0]) if "Non-2xx" in out else 0
    if refused > answered / 100:  # more than a stray one: not a figure of resolving
        raise RuntimeError(out)
    return (answered - refused) / seconds  # resolved (200) per second


def _python_clients(port: int, headers: dict, bodies: list[str]) -> float:
    import http.client
    count, deadline = [0], time.monotonic() + SECONDS

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port)
        n = 0
        while time.monotonic() < deadline:
            connection.request("POST", "/api/v1/prices/resolve", bodies[n % len(bodies)],
                               {**headers, "Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status
            n += 1
        count[0] += n

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count[0] / SECONDS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prices", type=int, default=1_000_000, help="price rows to load (10000000: the large size)")
    parser.add_argument("--no-gunicorn", action="store_true", help="skip the resolves-per-second figure")
    args = parser.parse_args()
    workers, threads = os.environ.get("WEB_CONCURRENCY", "2"), os.environ.get("WEB_THREADS", "4")
    with scratch_app() as (app, url, people):
        skus, second = prepare(url, admin(app, people), args.prices)
        config = app.extensions["pricing.config"]
        for strategy, with_stop in SCENARIOS:
            headers = people.staff("administrator")  # fresh: tokens last 10 minutes, large loads take longer
            if with_stop:
                stopped = client_as(app, headers).patch(f"/api/v1/price-list-assignments/{second}",
                                                        json={"merge_allowed": False}, headers={"If-Match": '"1"'})
                assert stopped.status_code == 200, stopped.json
            label = strategy + (", a merge stop in the chain" if with_stop else "")
            measure(client_as(create_app(config.with_(strategy=strategy)), headers), label, skus, args.prices)
            if not args.no_gunicorn:
                rate = resolves_per_second(url, config.jwks_url, headers, strategy, skus)
                print(f"resolves/s, {ITEMS} items each, {CLIENTS} concurrent clients, gunicorn {workers} workers x "
                      f"{threads} threads, {label}: {rate:.0f}")


if __name__ == "__main__":
    sys.exit(main())
