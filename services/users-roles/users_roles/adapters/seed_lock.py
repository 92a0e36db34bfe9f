"""The lock that makes first-start setup (services/bootstrap.py) run once at a time when several
pods migrate together: transaction-scoped, so it is released by the commit or rollback."""
from __future__ import annotations

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

SEED_LOCK_KEY = 0x05EED_0B5


def take_seed_lock(db: Session | Connection) -> None:
    db.execute(select(func.pg_advisory_xact_lock(SEED_LOCK_KEY)))
