"""Login back-off, pure."""
from __future__ import annotations

import datetime as dt

from users_roles.domain.throttle import (
    ACCOUNT_CEILING,
    ACCOUNT_LOCK_SECONDS,
    MAX_FAILURES,
    MAX_LOCK_SECONDS,
    account_lock_seconds,
    lock_seconds,
    retry_after,
    source_key,
)

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


def test_the_account_is_locked_for_everyone_only_at_the_ceiling_far_above_the_per_source_threshold():
    assert account_lock_seconds(ACCOUNT_CEILING - 1) == 0
    assert account_lock_seconds(ACCOUNT_CEILING) == account_lock_seconds(ACCOUNT_CEILING + 50) == ACCOUNT_LOCK_SECONDS
    assert ACCOUNT_CEILING > 10 * MAX_FAILURES


def test_a_deployment_sets_its_own_ceiling():
    assert account_lock_seconds(11, ceiling=12) == 0
    assert account_lock_seconds(12, ceiling=12) == ACCOUNT_LOCK_SECONDS


def test_each_source_counts_apart_from_the_others_and_from_the_account():
    keys = {source_key("a@example.com", "10.0.0.1"), source_key("a@example.com", "10.0.0.2"), "a@example.com"}
    assert len(keys) == 3
