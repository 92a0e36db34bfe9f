"""Hold a message through a database outage instead of returning it to the broker.

A nack with requeue counts toward the quorum queue's delivery limit, and the broker redelivers at
once, so a few seconds of outage used to spend the whole limit and dead-letter valid events
(https://www.rabbitmq.com/docs/quorum-queues#poison-message-handling). Keeping the message unacked
and trying the same transaction again with exponential backoff spends none of it; prefetch bounds
how much waits meanwhile, and pika's connection thread keeps heartbeats going.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TypeVar

from prometheus_client import Counter
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_when_event_set, wait_exponential_jitter

from ..logging import get_logger
from .failures import is_transient

log = get_logger(__name__)
TRANSIENT = Counter("consumer_transient_failures_total", "Transient database failures retried in place", ["queue"])
T = TypeVar("T")

# 50 ms, 100 ms, ... up to 5 s between attempts: a restart is noticed quickly, an outage is not hammered.
BACKOFF = wait_exponential_jitter(multiplier=0.05, max=5, jitter=0.05)


class StoppedWaiting(Exception):
    """The consumer stopped while a message waited for the database: it goes back unsettled."""


def retry_while_transient(attempt: Callable[[], T], done: threading.Event, queue: str) -> T:
    """`attempt()` again until it succeeds or fails for good. Once `done` is set (the consumer is
    stopping) it tries no more: raises StoppedWaiting, or the transient error in hand."""
    retrying = Retrying(retry=retry_if_exception(is_transient), wait=BACKOFF, stop=stop_when_event_set(done),
                        sleep=functools.partial(_sleep_unless, done), before_sleep=lambda state: _waiting(queue, state),
                        reraise=True)
    return retrying(attempt)


def _sleep_unless(done: threading.Event, seconds: float) -> None:
    if done.wait(seconds):
        raise StoppedWaiting()  # rather than one more attempt, which could hang on an unreachable server


def _waiting(queue: str, state: RetryCallState) -> None:
    TRANSIENT.labels(queue).inc()
    log.warning("consumer.transient_failure_retrying", queue=queue, attempt=state.attempt_number,
                retry_in_seconds=round(state.next_action.sleep, 2), error=repr(state.outcome.exception()))
