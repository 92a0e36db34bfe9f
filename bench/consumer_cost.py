"""What a consumer costs while it applies work in this process: its CPU, the CPU of the database's
backends, the statements it sent and the wall-clock time; with a profile (cProfile) when asked.
Shared by bench/customer_event_consumers.py and bench/customers_import_batches.py."""
from __future__ import annotations

import contextlib
import cProfile
import os
import pstats
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine, create_engine, event, text

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu_seconds(database_url: str) -> float:
    """CPU seconds so far of every backend connected to the database (this bench's: the consumer's)."""
    name = database_url.rsplit("/", 1)[1]
    with create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1)).connect() as db:
        pids = db.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
                          {"name": name}).all()
    total = 0.0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


@dataclass
class Cost:
    statements: list[str] = field(default_factory=list)
    cpu: float = 0.0  # seconds, this process
    db_cpu: float = 0.0  # seconds, the database's backends
    seconds: float = 0.0  # wall clock
    profiler: cProfile.Profile | None = None

    def print_profile(self, shown: int) -> None:
        if self.profiler:
            pstats.Stats(self.profiler).sort_stats("cumulative").print_stats(shown)


@contextlib.contextmanager
def consumer_cost(url: str, profile: bool) -> Iterator[Cost]:
    """The Cost of what the block runs against the database at `url` (filled in when it ends)."""
    cost = Cost(profiler=cProfile.Profile() if profile else None)
    listener = lambda *args: cost.statements.append(args[2])  # noqa: E731 - (conn, cursor, statement, ...)
    event.listen(Engine, "before_cursor_execute", listener)
    db_before, cpu_before, started = backend_cpu_seconds(url), time.process_time(), time.perf_counter()
    if cost.profiler:
        cost.profiler.enable()
    try:
        yield cost
    finally:
        if cost.profiler:
            cost.profiler.disable()
        cost.cpu, cost.seconds = time.process_time() - cpu_before, time.perf_counter() - started
        cost.db_cpu = backend_cpu_seconds(url) - db_before
        event.remove(Engine, "before_cursor_execute", listener)
