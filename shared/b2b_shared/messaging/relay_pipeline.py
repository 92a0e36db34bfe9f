"""One connected run of the outbox relay: claim rows, publish them, mark them as confirms arrive.

Everything happens on the AMQP connection's I/O loop, in one thread: broker frames, the LISTEN
socket, and timers. Database calls block the loop for a few milliseconds, which the broker's
heartbeats (30 s) do not notice. Up to `window` rows are published and not yet written down;
a crash republishes only those (https://www.rabbitmq.com/docs/confirms#publisher-confirms).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from prometheus_client import Counter

from ..logging import get_logger
from .confirming_channel import ChannelCallbacks, ConfirmingChannel
from .confirms import InFlight, Settled
from .outbox_claims import CHUNK_ROWS, OutboxClaims

log = get_logger(__name__)
PUBLISHED = Counter("outbox_published_total", "Outbox events confirmed by the broker", ["event_type"])
UNROUTABLE = Counter("outbox_unroutable_total", "Outbox events no queue was bound for", ["event_type"])
TICK_SECONDS = 0.1  # how soon `stopping` is noticed
FLUSH_SECONDS = 0.002  # confirms gathered into one mark: a few ms of them, not one commit each
DRAIN_SECONDS = 2.0  # on stop, how long to wait for the confirms of what is in flight


@dataclass(frozen=True)
class Limits:
    batch_size: int  # rows per claim, rounded down to whole chunks (at least one)
    window: int  # rows published and not yet marked; the most a crash republishes
    poll_seconds: float  # safety net for a missed NOTIFY; also the pause after a nack


class RelayPipeline:
    def __init__(self, claims: OutboxClaims, amqp_url: str, exchange: str, limits: Limits,
                 stopping: threading.Event, connected: threading.Event | None = None):
        self._claims = claims
        self._connected = connected or threading.Event()  # set once broker and database are both reached
        self._limits = limits
        self._stopping = stopping
        self._in_flight = InFlight()
        self._ready = self._draining = self._flush_due = False
        self._next_poll = self._paused_until = self._drain_deadline = 0.0
        self._error: Exception | None = None
        self._channel = ConfirmingChannel(amqp_url, exchange, ChannelCallbacks(
            ready=self._guard(self._on_ready), confirmed=self._guard(self._on_confirmed),
            returned=self._in_flight.returned, failed=self._fail))

    def run(self) -> None:
        """Publish until `stopping` is set; raises what broke the connection to the broker or database."""
        self._channel.run()
        if self._error is not None:
            raise self._error

    def _on_ready(self) -> None:
        log.info("relay.connected")
        self._ready = True
        self._connected.set()
        self._channel.ioloop.add_handler(self._claims.fileno(), self._guard(self._on_notified),
                                         self._channel.ioloop.READ)
        self._tick()

    def _on_notified(self, _fd: int, _events: int) -> None:
        self._claims.woken()  # drained even when the window is full, or the socket stays readable
        self._pump()

    def _tick(self) -> None:
        now = time.monotonic()
        if self._stopping.is_set() and not self._draining:
            # Stop claiming, and give what is in flight a moment to be confirmed and marked.
            self._draining, self._drain_deadline = True, now + DRAIN_SECONDS
        if self._draining and (not self._in_flight or now > self._drain_deadline):
            self._channel.close()
            return
        if now >= self._next_poll:
            self._next_poll = now + self._limits.poll_seconds
            self._pump()
        self._channel.ioloop.call_later(TICK_SECONDS, self._guard(self._tick))

    def _pump(self) -> None:
        """Claim and publish while the window has room and rows may be waiting."""
        if not self._may_claim():
            return
        self._claims.woken()  # the claims below see every commit notified so far
        while self._may_claim():
            if not self._claim_and_publish() and not self._claims.woken():
                return

    def _may_claim(self) -> bool:
        has_room = self._limits.window - len(self._in_flight) >= CHUNK_ROWS
        return self._ready and not self._draining and has_room and time.monotonic() >= self._paused_until

    def _claim_and_publish(self) -> bool:
        """Returns whether the claim took all it asked for, so that more may be waiting."""
        room = min(self._limits.window - len(self._in_flight), self._limits.batch_size)
        wanted = max(1, room // CHUNK_ROWS)
        rows = self._claims.claim(wanted)
        for row in rows:
            self._channel.publish(row)
            self._in_flight.published(row)
        return len({row.chunk for row in rows}) == wanted

    def _on_confirmed(self, delivery_tag: int, multiple: bool, ack: bool) -> None:
        self._in_flight.confirmed(delivery_tag, multiple, ack)
        if not self._flush_due:
            self._flush_due = True
            self._channel.ioloop.call_later(FLUSH_SECONDS, self._guard(self._flush))

    def _flush(self) -> None:
        """Write down what the broker answered, mark before unlock, then refill the window."""
        self._flush_due = False
        settled = self._in_flight.drain_settled()
        self._claims.mark_sent([row.seq for row in settled.sent])
        self._claims.release(settled.finished_chunks)
        _count(settled)
        if settled.nacked:
            self._back_off(settled)
        self._pump()

    def _back_off(self, settled: Settled) -> None:
        # The broker could not take them (https://www.rabbitmq.com/docs/confirms#server-sent-nacks):
        # they stay unsent and are claimed again, by us or a replica, after a pause.
        log.warning("relay.nacked", count=len(settled.nacked), first_event_id=settled.nacked[0].event_id)
        self._paused_until = self._next_poll = time.monotonic() + self._limits.poll_seconds

    def _guard(self, callback):
        """pika re-raises a callback's exception out of its loop mid-frame: end the run cleanly instead."""
        def guarded(*args) -> None:
            try:
                callback(*args)
            except Exception as error:  # noqa: BLE001 - raised again by run(), after the loop ended
                self._fail(error)
        return guarded

    def _fail(self, error: Exception) -> None:
        if self._error is None:
            self._error = error
        self._channel.close()


def _count(settled: Settled) -> None:
    for row in settled.routed:
        PUBLISHED.labels(row.event_type).inc()
    for row in settled.unroutable:
        # No queue is bound for this type yet: nobody subscribed, so nothing is lost by marking it
        # sent; counted so that a missing binding shows on a dashboard.
        UNROUTABLE.labels(row.event_type).inc()
        log.info("relay.unroutable", event_type=row.event_type, event_id=row.event_id)
