"""Login back-off per account: after MAX_FAILURES failures, each further failure doubles the wait."""
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


def retry_after(locked_until: dt.datetime | None, now: dt.datetime) -> int:
    """Whole seconds still to wait (0 when not locked)."""
    if locked_until is None or locked_until <= now:
        return 0
    return max(1, math.ceil((locked_until - now).total_seconds()))
