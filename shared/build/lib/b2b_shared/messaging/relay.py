"""Outbox relay: publishes committed outbox rows to RabbitMQ with publisher confirms.

Woken by the NOTIFY the unit of work sends at commit (median latency of a few ms instead of a
poll interval); polls every `poll_seconds` as a safety net. Rows are claimed with
`FOR UPDATE SKIP LOCKED`, so several replicas share the work without publishing a row twice
at once. A row is marked sent only after the broker confirmed it: a crash between the two
publishes it again (at-least-once), and consumers' inboxes make that harmless.
"""
from __future__ import annotations

import json
import threading

import pika
import psycopg
from pika.exceptions import AMQPError, UnroutableError
from prometheus_client import Counter
from sqlalchemy import Engine, Table, func, select, update

from ..logging import get_logger
from .broker import connect, declare_events_exchange
from .envelope import CONTENT_TYPE

log = get_logger(__name__)
PUBLISHED = Counter("outbox_published_total", "Outbox events confirmed by the broker", ["event_type"])
UNROUTABLE = Counter("outbox_unroutable_total", "Outbox events no queue was bound for", ["event_type"])


class OutboxRelay:
    def __init__(self, engine: Engine, outbox: Table, amqp_url: str, exchange: str, channel: str,
                 batch_size: int = 200, poll_seconds: float = 1.0):
        self._engine = engine
        self._outbox = outbox
        self._amqp_url = amqp_url
        self._exchange = exchange
        self._channel_name = channel
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self.stopping = threading.Event()

    def run(self) -> None:
        """Run until `stopping` is set, reconnecting to the broker and the database as needed."""
        while not self.stopping.is_set():
            try:
                self._run_connected()
            except (AMQPError, psycopg.Error, OSError) as error:
                log.warning("relay.disconnected", error=repr(error))
                self.stopping.wait(self._poll_seconds)

    def _run_connected(self) -> None:
        with self._listen() as listener, _Publisher(self._amqp_url, self._exchange) as publisher:
            log.info("relay.connected", exchange=self._exchange)
            while not self.stopping.is_set():
                while self.publish_pending(publisher) == self._batch_size:
                    pass
                for _ in listener.notifies(timeout=self._poll_seconds, stop_after=1):
                    pass
                publisher.keep_alive()

    def _listen(self) -> psycopg.Connection:
        url = self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = psycopg.connect(url, autocommit=True)
        connection.execute(f'LISTEN "{self._channel_name}"')
        return connection

    def publish_pending(self, publisher: "_Publisher") -> int:
        """Publish one batch of unsent rows; returns how many were claimed."""
        table = self._outbox
        with self._engine.begin() as db:
            rows = db.execute(
                select(table.c.seq, table.c.event_type, table.c.envelope)
                .where(table.c.published_at.is_(None))
                .order_by(table.c.seq)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                publisher.publish(row.event_type, row.envelope)
            if rows:
                sent = [row.seq for row in rows]
                db.execute(update(table).where(table.c.seq.in_(sent)).values(published_at=func.now()))
        return len(rows)


class _Publisher:
    """One confirmed channel; pika is not thread-safe, so it lives and dies with the relay loop."""

    def __init__(self, amqp_url: str, exchange: str):
        self._amqp_url = amqp_url
        self._exchange = exchange

    def __enter__(self) -> "_Publisher":
        self._connection = connect(self._amqp_url, "outbox-relay")
        self._channel = self._connection.channel()
        self._channel.confirm_delivery()
        declare_events_exchange(self._channel, self._exchange)
        return self

    def __exit__(self, *exc_info) -> None:
        if self._connection.is_open:
            self._connection.close()

    def keep_alive(self) -> None:
        self._connection.process_data_events(time_limit=0)

    def publish(self, event_type: str, envelope: dict) -> None:
        properties = pika.BasicProperties(
            content_type=CONTENT_TYPE,
            delivery_mode=pika.DeliveryMode.Persistent,
            message_id=envelope["id"],
            type=event_type,
            correlation_id=envelope.get("requestid"),
        )
        try:
            # Blocks until the broker confirms; a nack raises and leaves the row unsent.
            self._channel.basic_publish(self._exchange, event_type, json.dumps(envelope).encode(),
                                        properties, mandatory=True)
            PUBLISHED.labels(event_type).inc()
        except UnroutableError:
            # No queue is bound for this type yet: nobody subscribed, so nothing is lost by
            # marking it sent; counted so that a missing binding shows on a dashboard.
            UNROUTABLE.labels(event_type).inc()
            log.info("relay.unroutable", event_type=event_type, event_id=envelope["id"])
