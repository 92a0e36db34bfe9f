"""Shared by the users-roles bench scripts: a scratch database of their own, migrated and seeded."""
from __future__ import annotations

import contextlib
import os
import statistics
import uuid

from b2b_shared.db.migrate import drop_database
from users_roles.config import load_config
from users_roles.entrypoints.migrate import setup


@contextlib.contextmanager
def scratch_config():
    server = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
    config = load_config().with_(database_url=f"{server}/bench_users_roles_{uuid.uuid4().hex[:8]}", log_level="WARNING")
    setup(config)
    try:
        yield config
    finally:
        drop_database(config.database_url)


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"{name}: n={len(ms)} median={statistics.median(ms):.2f} ms p99={p99:.2f} ms max={ms[-1]:.2f} ms")
