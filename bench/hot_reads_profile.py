"""Where the service side of bench/hot_reads_cpu.py's reads spends its CPU: cProfile in process
(Flask test client, the same data and bodies), timed by CPU time so that waits on PostgreSQL do
not count. Prints CPU per request without the profiler (the test client's own work included),
then the functions by their own CPU time; each profile is kept as a .prof file for pstats or
snakeviz.

    POSTGRES_URL=postgresql://postgres@127.0.0.1:5432 .venv/bin/python bench/hot_reads_profile.py [authz] [permissions] [resolve]
"""
from __future__ import annotations

import cProfile
import os
import pstats
import sys
import tempfile
import time

from hot_reads_cpu import pricing_reads, users_roles_reads
from pricing_scratch import scratch_app
from users_roles_common import administrator_headers, scratch_config

SHOWN = 30  # functions listed per read
FOLDER = tempfile.mkdtemp(prefix="hot-reads-profile-")


def send(client, read, count: int, headers: dict) -> None:
    for index in range(count):
        path, body = read.requests[index % len(read.requests)]
        response = client.open(path, method=read.method, data=body, headers=headers,
                               content_type="application/json" if body else None)
        assert response.status_code == 200, response.get_data()


def profile(app, reads, headers: dict, chosen: list[str]) -> None:
    client = app.test_client()
    for read in (read for read in reads if read.name in chosen):
        send(client, read, 300, headers)  # warm: pools, prepared statements, caches
        started = time.process_time()
        send(client, read, read.count, headers)
        cpu_ms = (time.process_time() - started) * 1000 / read.count
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        send(client, read, read.count, headers)
        profiler.disable()
        kept = os.path.join(FOLDER, f"{read.name}.prof")
        profiler.dump_stats(kept)
        print(f"== {read.name}: {cpu_ms:.3f} ms CPU per request in process, test client included; profile: {kept}")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(SHOWN)


def main() -> None:
    chosen = sys.argv[1:] or ["authz", "permissions", "resolve"]
    if {"authz", "permissions"} & set(chosen):
        with scratch_config() as config:
            app, reads = users_roles_reads(config)
            profile(app, reads, administrator_headers(app), chosen)
    if "resolve" in chosen:
        with scratch_app() as (app, url, people):
            profile(app, pricing_reads(app, url, people), people.staff("administrator"), chosen)


if __name__ == "__main__":
    sys.exit(main())
