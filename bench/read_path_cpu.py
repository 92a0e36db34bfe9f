"""CPU per request of the read path: what the ratios of bench/read_ceiling.py come to on a machine the
servers saturate, measured so that other load on the machine does not skew it the way it skews req/s.

The bare app (bench/bare_reads.py) and the customers service run side by side under gunicorn as
read_ceiling.py starts them, each loaded in turn with wrk for a few seconds (interleaved rounds, two
reads: one customer by id, and the first page of 50 active customers by name). For each, the CPU time (user + system,
from /proc) its gunicorn workers and the PostgreSQL backends of the database spent, divided by the
requests answered; medians over the rounds. Prints those, and bare / service: the share of the bare
ceiling the service would reach if CPU were all that limited both (wrk's own share of the machine
is the same per request for both, and left out).

    POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/read_path_cpu.py
"""
from __future__ import annotations

import os
import statistics
import sys
from collections.abc import Callable

import psycopg
from b2b_shared.config import sqlalchemy_url
from b2b_shared.db.engine import make_engine
from b2b_shared.testing.identity import Identities, SigningKeys
from benchkit import scratch_database
from gateway_rps import HEADERS, CpuMeter, free_port, gunicorn, wait_ready
from read_ceiling import PAGE, PAGE_WHERE, SECONDS, columns_of, ensure_wrk, load_with_wrk, name_order, seed

ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # a backend that ended meanwhile
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


class DatabaseMeter:
    """CPU time of the PostgreSQL backends serving one database (the server runs on this machine)."""

    def __init__(self, url: str):
        self._db = psycopg.connect(sqlalchemy_url(url).replace("+psycopg", ""), autocommit=True)
        self._started: dict[int, float] = {}

    def _backends(self) -> list[int]:
        rows = self._db.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                "AND pid <> pg_backend_pid()").fetchall()
        return [pid for (pid,) in rows]

    def start(self) -> None:
        self._started = {pid: _cpu_seconds(pid) for pid in self._backends()}

    def ms_per_request(self, requests: float) -> float:
        spent = sum(_cpu_seconds(pid) - self._started.get(pid, 0.0) for pid in self._backends())
        return spent * 1000 / max(requests, 1)


def measure(load: Callable[[], tuple[float, float]], app: CpuMeter, database: DatabaseMeter) -> tuple[float, float, float]:
    """req/s, and CPU ms per request of the app's workers and of the database, while `load` sends
    requests (it returns how many were answered, and in how many seconds)."""
    app.start()
    database.start()
    requests, seconds = load()
    return requests / seconds, app.ms_per_request(requests), database.ms_per_request(requests)


def wrk_load(url: str) -> Callable[[], tuple[float, float]]:
    def load() -> tuple[float, float]:
        rps, _, _ = load_with_wrk(url, HEADERS)
        return rps * SECONDS, SECONDS
    return load


def main() -> None:
    if not ensure_wrk():
        sys.exit("needs wrk (apt-get install wrk)")
    with scratch_database("services/customers", "cpu") as url:
        customer = seed(url)
        keys = SigningKeys()
        engine = make_engine(url, 1)
        HEADERS.update(Identities(keys, engine).staff("administrator"))
        engine.dispose()
        bare_port, service_port = free_port(), free_port()
        env = {**os.environ, "CUSTOMERS_DATABASE_URL": url, "LOG_LEVEL": "WARNING", "JWKS_URL": keys.jwks_url}
        processes = [gunicorn("b2b_shared.entrypoints:web('customers')", service_port, env)]
        try:
            one, page = f"/api/v1/customers/{customer.id}", PAGE
            wait_ready(f"http://127.0.0.1:{service_port}{one}")
            bare_env = {**env, "BARE_DATABASE_URL": url, "PYTHONPATH": os.path.dirname(os.path.abspath(__file__)),
                        "BARE_COLUMNS": ",".join(columns_of(url, f"http://127.0.0.1:{service_port}", one)),
                        "BARE_ORDER": name_order(url), "BARE_WHERE": PAGE_WHERE}
            processes.append(gunicorn("bare_reads:app", bare_port, bare_env))
            wait_ready(f"http://127.0.0.1:{bare_port}{one}")
            targets = {"bare": (bare_port, CpuMeter(processes[1].pid)), "service": (service_port, CpuMeter(processes[0].pid))}
            database = DatabaseMeter(url)
            figures = {(read, target): [] for read in ("one", "page") for target in targets}
            for read, path in (("one", one), ("page", page)):
                for port, _ in targets.values():
                    load_with_wrk(f"http://127.0.0.1:{port}{path}", HEADERS)  # warm: pools filled, statements prepared
            for _ in range(ROUNDS):
                for read, path in (("one", one), ("page", page)):
                    for target, (port, meter) in targets.items():
                        figures[(read, target)].append(measure(wrk_load(f"http://127.0.0.1:{port}{path}"), meter, database))
        finally:
            for process in processes:
                process.terminate()
                process.wait()
    report(f"wrk, {ROUNDS} interleaved rounds of {SECONDS} s", figures, {"one": 0.70, "page": 0.60})


def report(load: str, figures: dict, floors: dict[str, float | None]) -> None:
    """figures: (read, "bare" or "service") -> [(req/s, workers ms, database ms) per round];
    floors: each read's target for bare/service, None where the issue sets none."""
    print(f"load: {load}, WEB_CONCURRENCY={os.environ.get('WEB_CONCURRENCY', '2')}; "
          f"medians over the rounds; machine load (1 min) {os.getloadavg()[0]:.1f}")
    width = max(len(read) for read, _ in figures)
    totals = {}
    for (read, target), samples in figures.items():
        rps, app, database = (statistics.median(sample[i] for sample in samples) for i in range(3))
        totals[(read, target)] = app + database
        print(f"  {read:{width}} {target:8} CPU per request {app + database:5.2f} ms (workers {app:5.2f}, database {database:5.2f})"
              f"  {rps:6.0f} req/s")
    for read, floor in floors.items():
        share = totals[(read, "bare")] / totals[(read, "service")]
        target = f" (the req/s target is >= {floor:.2f})" if floor is not None else ""
        print(f"{read}: bare/service CPU {share:.2f}{target}")


if __name__ == "__main__":
    sys.exit(main())
