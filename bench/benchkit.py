"""What every bench script shares: a scratch database, timing, and printing figures."""
from __future__ import annotations

import contextlib
import os
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from b2b_shared.db.migrate import drop_database, migrate

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
AMQP_URL = os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


@contextlib.contextmanager
def scratch_database(service_dir: str, name: str) -> Iterator[str]:
    """A migrated database of the bench's own, dropped afterwards."""
    url = f"{POSTGRES_URL}/bench_{name}_{uuid.uuid4().hex[:6]}"
    migrate(url, ROOT / service_dir / "migrations")
    try:
        yield url
    finally:
        drop_database(url)


def timings_ms(action: Callable[[], object], runs: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(label: str, samples: list[float], target_ms: float | None = None, judged: str = "median") -> None:
    """Prints the median and p99; with a target, judges the figure the target names (`judged`:
    "median" or "p99") against it."""
    ordered = sorted(samples)
    figures = {"median": statistics.median(samples), "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]}
    verdict = "" if target_ms is None else ("  OK" if figures[judged] < target_ms else "  MISSED")
    target = "" if target_ms is None else f"  target {judged} < {target_ms} ms"
    print(f"{label}: median {figures['median']:.2f} ms, p99 {figures['p99']:.2f} ms, n={len(samples)}{target}{verdict}")


def administrator_client(create_app, config):
    """A test client of the app whose every request carries a back-office administrator's token,
    signed by a key of the bench's own (its principal put into the app's read model)."""
    from b2b_shared.db.engine import make_engine
    from b2b_shared.testing.identity import Identities, SigningKeys, client_as

    keys = SigningKeys()
    engine = make_engine(config.database_url, 1)
    headers = Identities(keys, engine).staff("administrator")
    engine.dispose()
    return client_as(create_app(config.with_(jwks_url=keys.jwks_url)), headers)
