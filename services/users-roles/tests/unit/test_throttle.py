"""Login back-off, pure."""
from __future__ import annotations

import datetime as dt

from users_roles.domain.throttle import MAX_LOCK_SECONDS, lock_seconds, retry_after

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def test_four_failures_do_not_lock_and_the_fifth_does():
    assert lock_seconds(4) == 0
    assert lock_seconds(5) == 30


def test_each_further_failure_doubles_the_wait_up_to_a_cap():
    assert lock_seconds(6) == 60
    assert lock_seconds(50) == MAX_LOCK_SECONDS


def test_retry_after_rounds_up_and_is_zero_once_the_lock_has_passed():
    assert retry_after(NOW + dt.timedelta(seconds=1.2), NOW) == 2
    assert retry_after(NOW - dt.timedelta(seconds=1), NOW) == 0
    assert retry_after(None, NOW) == 0
