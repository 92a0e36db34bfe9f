"""Consumer runner: a durable quorum queue per consuming service, bound per event type.

- Handlers run on a worker thread (deliveries.py) while pika's connection thread keeps heartbeats
  going, however long a handler or a database outage takes.
- The handler's effect and the inbox row commit in one transaction; the message is acked only
  after that commit (inbox.py). A redelivered message finds its inbox row and has no second effect.
- A transient database failure (failures.py) holds the message and retries it with backoff
  (holding.py): it never counts toward the delivery limit. A message whose handler fails otherwise
  is returned to the queue; past the queue's delivery limit the broker moves it to
  `<queue>.dead-letter` (https://www.rabbitmq.com/docs/quorum-queues#poison-message-handling),
  whence `python -m b2b_shared.messaging.replay` brings it back once the cause is fixed.
  A message that is not a CloudEvent goes there at once.
"""
from __future__ import annotations

import threading

from pika.exceptions import AMQPChannelError, AMQPError
from prometheus_client import Counter, Histogram
from sqlalchemy import Table
from sqlalchemy.orm import Session, sessionmaker

from ..logging import get_logger
from .broker import connect, declare_consumer_queue
from .deliveries import Delivery, DeliveryWorker
from .envelope import CloudEvent
from .failures import is_transient
from .holding import StoppedWaiting, retry_while_transient
from .inbox import Handler, Joined, apply_events, the_session

__all__ = ["Consumer", "Handler"]
log = get_logger(__name__)
HANDLED = Counter("consumer_messages_total", "Messages handled", ["queue", "event_type", "outcome"])
BATCH_SECONDS = Histogram("consumer_batch_seconds", "Time to apply one batch of events and commit it", ["queue"])

# Events applied in one transaction at most; a backlog fills batches, a trickle goes one by one.
BATCH_LIMIT = 100


class Consumer:
    def __init__(self, amqp_url: str, exchange: str, queue: str, handlers: dict[str, Handler],
                 session_factory: sessionmaker[Session], inbox: Table,
                 prefetch: int = 200, delivery_limit: int = 5, reconnect_seconds: float = 2.0,
                 heartbeat: int = 30, joined: Joined = the_session):
        self._amqp_url = amqp_url
        self._exchange = exchange
        self.queue = queue
        self._handlers = handlers
        self._session_factory = session_factory
        self._joined = joined
        self._inbox = inbox
        self.prefetch = prefetch
        self._delivery_limit = delivery_limit
        self._reconnect_seconds = reconnect_seconds
        self._heartbeat = heartbeat
        self.stopping = threading.Event()
        self.started = threading.Event()  # set once the queue is declared and bound
        self.consuming = threading.Event()  # receiving deliveries now (the worker's readiness)
        self.connections_opened = 0  # more than one means the connection was lost at least once

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self._consume()
            except (AMQPError, OSError) as error:
                log.warning("consumer.disconnected", queue=self.queue, error=repr(error))
                self.stopping.wait(self._reconnect_seconds)

    def declare(self) -> None:
        """Declare the queue and its bindings and leave. Run at migration time, before any relay
        starts, so that an event published before this consumer first runs (the bootstrap
        administrator's, on a fresh install) is queued for it instead of being unroutable."""
        connection = connect(self._amqp_url, f"declare-{self.queue}", self._heartbeat)
        try:
            self._declare(connection.channel())
        finally:
            connection.close()

    def _declare(self, channel) -> None:
        declare_consumer_queue(channel, self._exchange, self.queue, sorted(self._handlers), self._delivery_limit)

    def _consume(self) -> None:
        connection = connect(self._amqp_url, f"consumer-{self.queue}", self._heartbeat)
        self.connections_opened += 1
        worker = DeliveryWorker(f"consumer-{self.queue}", connection, self._handle, min(BATCH_LIMIT, self.prefetch))
        try:
            channel = connection.channel()
            self._declare(channel)
            channel.basic_qos(prefetch_count=self.prefetch)
            channel.basic_consume(queue=self.queue, on_message_callback=worker.on_message)
            worker.start(channel)
            log.info("consumer.started", queue=self.queue, event_types=sorted(self._handlers))
            self.started.set()
            self.consuming.set()
            while not self.stopping.is_set() and channel.is_open and worker.alive:
                connection.process_data_events(time_limit=0.5)
            worker.finish()
            if not self.stopping.is_set():
                raise AMQPChannelError("the consumer's channel or worker ended")
        finally:
            self.consuming.clear()
            worker.abandon()
            if connection.is_open:
                connection.close()

    def _handle(self, worker: DeliveryWorker, deliveries: list[Delivery]) -> None:
        parsed = [(delivery, event) for delivery in deliveries if (event := self._parse(worker, delivery))]
        if parsed:
            self._apply_and_settle(worker, parsed)

    def _parse(self, worker: DeliveryWorker, delivery: Delivery) -> CloudEvent | None:
        try:
            return CloudEvent.from_json(delivery.body)
        except (ValueError, KeyError, TypeError) as error:
            log.error("consumer.malformed", queue=self.queue, error=repr(error))
            HANDLED.labels(self.queue, "unknown", "malformed").inc()
            worker.nack(delivery, requeue=False)  # no retry can fix it: straight to the dead-letter queue
            return None

    def _apply_and_settle(self, worker: DeliveryWorker, parsed: list[tuple[Delivery, CloudEvent]]) -> None:
        events = [event for _, event in parsed]
        try:
            outcomes = retry_while_transient(lambda: self._apply(events), worker.done, self.queue)
        except Exception as error:  # noqa: BLE001 - sorted below; nothing is swallowed
            self._failed(worker, parsed, error)
            return
        for event, outcome in zip(events, outcomes):
            HANDLED.labels(self.queue, event.type, outcome).inc()
        # Every earlier delivery of this channel is settled already (one worker, in order).
        worker.ack(parsed[-1][0], multiple=len(parsed) > 1)

    def _failed(self, worker: DeliveryWorker, parsed: list[tuple[Delivery, CloudEvent]], error: Exception) -> None:
        if isinstance(error, StoppedWaiting) or is_transient(error):
            return  # stopping mid-outage: left unsettled, the broker redelivers it to the next consumer
        if len(parsed) > 1:
            for one in parsed:  # the batch rolled back: apply one by one to find the poison
                if not worker.done.is_set():
                    self._apply_and_settle(worker, [one])
            return
        delivery, event = parsed[0]
        log.exception("consumer.failed", queue=self.queue, event_type=event.type, event_id=event.id)
        HANDLED.labels(self.queue, event.type, "failed").inc()
        worker.nack(delivery, requeue=True)  # counts toward the broker's delivery limit

    def _apply(self, events: list[CloudEvent]) -> list[str]:
        with BATCH_SECONDS.labels(self.queue).time():
            return apply_events(self._session_factory, self._inbox, self.queue, self._handlers, events, self._joined)

    def process(self, event: CloudEvent) -> str:
        """Apply one event exactly once: the inbox row and the effect commit together."""
        return self._apply([event])[0]

    def process_all(self, events: list[CloudEvent]) -> list[str]:
        """Apply events as one batch of deliveries is: in one transaction, all or none."""
        return self._apply(events)

    def stop(self) -> None:
        self.stopping.set()
