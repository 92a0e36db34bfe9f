"""Sign-in back-off that stops guessing without letting a stranger lock a user out.

Per account *and source address*: after MAX_FAILURES failures from one address, each further
failure from it doubles that address's wait, so twelve wrong passwords from anywhere do not
stop the owner signing in from their own address. Per account across all addresses: a ceiling
far above what a person reaches (ACCOUNT_CEILING failures) stops a distributed guesser.
"""
from __future__ import annotations

import datetime as dt
import math

MAX_FAILURES = 5
FIRST_LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 15 * 60


def lock_seconds(failures: int) -> int:
    """0 below the threshold; then 30 s, 60 s, 120 s ... up to 15 minutes."""
    if failures < MAX_FAILURES:
        return 0
    return min(FIRST_LOCK_SECONDS * 2 ** (failures - MAX_FAILURES), MAX_LOCK_SECONDS)


ACCOUNT_CEILING = 100
ACCOUNT_LOCK_SECONDS = 15 * 60


def source_key(email: str, source: str) -> str:
    return f"{email}|{source}"[:320]


def account_lock_seconds(failures: int, ceiling: int = ACCOUNT_CEILING) -> int:
    """`ceiling` is configurable (SIGN_IN_ACCOUNT_CEILING): how many failures a deployment's users
    can plausibly make is its own call."""
    return ACCOUNT_LOCK_SECONDS if failures >= ceiling else 0


def retry_after(locked_until: dt.datetime | None, now: dt.datetime) -> int:
    """Whole seconds still to wait (0 when not locked)."""
    if locked_until is None or locked_until <= now:
        return 0
    return max(1, math.ceil((locked_until - now).total_seconds()))
