"""Consumer runner: a durable quorum queue per consuming service, bound per event type.

- The handler runs in a worker thread while pika's connection thread keeps heartbeats going
  (pika is not thread-safe: acks go back through `add_callback_threadsafe`, as in pika's
  examples/basic_consumer_threaded.py).
- The handler's effect and the inbox row commit in one transaction; the message is acked only
  after that commit. A redelivered message finds its inbox row and has no second effect.
- A failing message is returned to the queue; past the queue's delivery limit the broker moves
  it to `<queue>.dead-letter`. A message that is not a CloudEvent goes there at once.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pika.exceptions import AMQPError
from prometheus_client import Counter
from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from ..context import bind_request_id, clear_request_id
from ..logging import get_logger
from .broker import connect, declare_consumer_queue
from .envelope import CloudEvent

log = get_logger(__name__)
HANDLED = Counter("consumer_messages_total", "Messages handled", ["queue", "event_type", "outcome"])

# A handler applies one event inside the caller's transaction; it must not commit.
Handler = Callable[[Session, CloudEvent], None]


class Consumer:
    def __init__(self, amqp_url: str, exchange: str, queue: str, handlers: dict[str, Handler],
                 session_factory: sessionmaker[Session], inbox: Table,
                 prefetch: int = 20, delivery_limit: int = 5, reconnect_seconds: float = 2.0,
                 heartbeat: int = 30):
        self._amqp_url = amqp_url
        self._exchange = exchange
        self.queue = queue
        self._handlers = handlers
        self._session_factory = session_factory
        self._inbox = inbox
        self._prefetch = prefetch
        self._delivery_limit = delivery_limit
        self._reconnect_seconds = reconnect_seconds
        self._heartbeat = heartbeat
        self.stopping = threading.Event()
        self.started = threading.Event()  # set once the queue is declared and bound
        self.connections_opened = 0  # more than one means the connection was lost at least once
        # One worker keeps the order in which the broker delivered.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"consumer-{queue}")

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self._consume()
            except (AMQPError, OSError) as error:
                log.warning("consumer.disconnected", queue=self.queue, error=repr(error))
                self.stopping.wait(self._reconnect_seconds)
        self._worker.shutdown(wait=True)

    def _consume(self) -> None:
        connection = connect(self._amqp_url, f"consumer-{self.queue}", self._heartbeat)
        self.connections_opened += 1
        try:
            channel = connection.channel()
            declare_consumer_queue(channel, self._exchange, self.queue, sorted(self._handlers), self._delivery_limit)
            channel.basic_qos(prefetch_count=self._prefetch)
            on_message = functools.partial(self._on_message, connection)
            channel.basic_consume(queue=self.queue, on_message_callback=on_message)
            log.info("consumer.started", queue=self.queue, event_types=sorted(self._handlers))
            self.started.set()
            while not self.stopping.is_set():
                connection.process_data_events(time_limit=0.5)
        finally:
            if connection.is_open:
                connection.close()

    def _on_message(self, connection, channel, method, properties, body) -> None:
        self._worker.submit(self._handle, connection, channel, method.delivery_tag, body)

    def _handle(self, connection, channel, delivery_tag: int, body: bytes) -> None:
        settle = connection.add_callback_threadsafe
        try:
            event = CloudEvent.from_json(body)
        except (ValueError, KeyError, TypeError) as error:
            log.error("consumer.malformed", queue=self.queue, error=repr(error))
            HANDLED.labels(self.queue, "unknown", "malformed").inc()
            settle(functools.partial(channel.basic_nack, delivery_tag, requeue=False))
            return
        try:
            outcome = self.process(event)
        except Exception:  # noqa: BLE001 - any failure returns the message; the broker bounds retries
            log.exception("consumer.failed", queue=self.queue, event_type=event.type, event_id=event.id)
            HANDLED.labels(self.queue, event.type, "failed").inc()
            settle(functools.partial(channel.basic_nack, delivery_tag, requeue=True))
            return
        HANDLED.labels(self.queue, event.type, outcome).inc()
        settle(functools.partial(channel.basic_ack, delivery_tag))

    def process(self, event: CloudEvent) -> str:
        """Apply one event exactly once: the inbox row and the effect commit together."""
        handler = self._handlers.get(event.type)
        bind_request_id(event.request_id)
        try:
            with self._session_factory() as session, session.begin():
                claimed = session.execute(
                    insert(self._inbox)
                    .values(consumer=self.queue, event_id=event.id, event_type=event.type)
                    .on_conflict_do_nothing()
                    .returning(self._inbox.c.event_id)
                ).first()
                if claimed is None:
                    return "duplicate"
                if handler is not None:
                    handler(session, event)
            return "applied" if handler else "ignored"
        finally:
            clear_request_id()

    def stop(self) -> None:
        self.stopping.set()
