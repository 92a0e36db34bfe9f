"""Shared by the pricing benches: a scratch database of their own, migrated, dropped at exit,
the app on it (measured in-process: "at the service", without network or gunicorn), and
identities to call it with (every operation needs a token: docs/architecture.md, Identity)."""
from __future__ import annotations

import contextlib
import os
import statistics
import uuid
from pathlib import Path

from b2b_shared.db.engine import make_engine
from b2b_shared.db.migrate import drop_database, migrate
from b2b_shared.testing.identity import Identities, SigningKeys, client_as
from pricing.app import create_app
from pricing.config import load_config

MIGRATIONS = Path(__file__).resolve().parents[1] / "services" / "pricing" / "migrations"


@contextlib.contextmanager
def scratch_app():
    """(app, database url, Identities on that database); `admin(app, people)` is the usual client."""
    server = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
    url = f"{server}/bench_pricing_{uuid.uuid4().hex[:8]}"
    migrate(url, MIGRATIONS)
    keys, engine = SigningKeys(), make_engine(url, 2)
    try:
        config = load_config(log_level="WARNING").with_(database_url=url, jwks_url=keys.jwks_url)
        yield create_app(config), url, Identities(keys, engine)
    finally:
        engine.dispose()
        drop_database(url)


def admin(app, people: Identities):
    return client_as(app, people.staff("administrator"))


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summary_ms(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (f"p50 {percentile(ms, .50):.2f} ms  p99 {percentile(ms, .99):.2f} ms  "
            f"mean {statistics.mean(ms):.2f} ms  n={len(ms)}")
