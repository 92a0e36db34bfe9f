"""Shared by the users-roles bench scripts: a scratch database of their own, migrated and seeded."""
from __future__ import annotations

import contextlib
import os
import statistics
import uuid

from b2b_shared.db.migrate import drop_database
from b2b_shared.entrypoints import setup
from users_roles.config import load_config
from users_roles.service import SERVICE

ADMIN_EMAIL, ADMIN_PASSWORD = "bench-admin@example.com", "bench admin passphrase"


def administrator_headers(app) -> dict[str, str]:
    """The bench database's first administrator's token, as a request carries it."""
    response = app.test_client().post("/api/v1/auth/token", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def administrator_client(app):
    """A test client carrying the bench database's first administrator's token."""
    from b2b_shared.testing.identity import client_as

    return client_as(app, administrator_headers(app))


@contextlib.contextmanager
def scratch_config():
    server = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432").rstrip("/")
    config = load_config().with_(database_url=f"{server}/bench_users_roles_{uuid.uuid4().hex[:8]}", log_level="WARNING",
                                 bootstrap_admin_email=ADMIN_EMAIL, bootstrap_admin_password=ADMIN_PASSWORD)
    setup(SERVICE, config)
    try:
        yield config
    finally:
        drop_database(config.database_url)


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    print(f"{name}: n={len(ms)} median={statistics.median(ms):.2f} ms p99={p99:.2f} ms max={ms[-1]:.2f} ms")
