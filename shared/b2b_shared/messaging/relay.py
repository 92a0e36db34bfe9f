"""Outbox relay: publishes committed outbox rows to RabbitMQ with pipelined publisher confirms.

Woken by the NOTIFY the unit of work sends at commit (median latency of a few ms instead of a
poll interval); polls every `poll_seconds` as a safety net. Up to `window` messages are in flight
at once and confirmed asynchronously (https://www.rabbitmq.com/docs/confirms#publisher-confirms);
each row is marked sent in small commits as its confirm arrives, so a crash republishes only what
was in flight (at-least-once; consumers' inboxes make a repeat harmless). Replicas share the work
through advisory-lock claims on chunks of rows (outbox_claims.py), never publishing a row at once.
Within one relay rows go out in seq order; a nacked row is retried after later ones went out,
which consumers tolerate (they skip a version they have already applied).

    relay_pipeline.py      one connected run: claim, publish, mark as confirms arrive
    outbox_claims.py       the database side: LISTEN, chunk claims, marks
    confirming_channel.py  the broker side: an asynchronous channel in confirm mode
    confirms.py            which rows are in flight, by delivery tag
"""
from __future__ import annotations

import threading

import psycopg
from pika.exceptions import AMQPError
from sqlalchemy import Engine, Table

from ..logging import get_logger
from .outbox_claims import CHUNK_ROWS, OutboxClaims
from .relay_pipeline import Limits, RelayPipeline

log = get_logger(__name__)


# Rows in flight: a quorum queue confirms after its write-ahead log reaches the disk, in batches,
# so more in flight means more per batch. bench/relay_throughput.py, one relay: 7,205 events/s at
# 256, 10,522 at 1,024, 8,580 at 2,048 (its claims and marks then stall the loop for longer).
WINDOW = 1024


class OutboxRelay:
    def __init__(self, engine: Engine, outbox: Table, amqp_url: str, exchange: str, channel: str,
                 batch_size: int = WINDOW, poll_seconds: float = 1.0, window: int = WINDOW):
        self._database_url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._outbox = outbox
        self._amqp_url = amqp_url
        self._exchange = exchange
        self._channel_name = channel
        self._limits = Limits(batch_size, max(window, CHUNK_ROWS), poll_seconds)
        self.stopping = threading.Event()
        self.connected = threading.Event()  # reaching broker and database now (the worker's readiness)

    def run(self) -> None:
        """Run until `stopping` is set, reconnecting to the broker and the database as needed."""
        while not self.stopping.is_set():
            try:
                self._run_connected()
            except (AMQPError, psycopg.Error, OSError) as error:
                log.warning("relay.disconnected", error=repr(error))
                self.stopping.wait(self._limits.poll_seconds)
            finally:
                self.connected.clear()

    def _run_connected(self) -> None:
        with OutboxClaims(self._database_url, self._outbox, self._channel_name) as claims:
            RelayPipeline(claims, self._amqp_url, self._exchange, self._limits, self.stopping, self.connected).run()
