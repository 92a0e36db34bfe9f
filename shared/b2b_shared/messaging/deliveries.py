"""The consumer's worker thread: one per broker connection, so pika's connection thread only moves
frames (heartbeats included) while handlers and database waits happen here.

pika is not thread-safe: acks and nacks go back through `add_callback_threadsafe`, as in pika's
examples/basic_consumer_threaded.py. Deliveries are taken in the order the broker sent them, as
many as are waiting (up to a limit), so a backlog is applied in batches and acked with one
`multiple=True` ack per batch.
"""
from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection
from pika.exceptions import AMQPError

from ..logging import get_logger

log = get_logger(__name__)


@dataclass(frozen=True)
class Delivery:
    tag: int
    body: bytes


class DeliveryWorker:
    def __init__(self, name: str, connection: BlockingConnection,
                 handle: Callable[[DeliveryWorker, list[Delivery]], None], batch_limit: int):
        self.done = threading.Event()  # set when the connection goes or the consumer stops: take no more
        self._connection = connection
        self._channel: BlockingChannel | None = None
        self._handle = handle
        self._batch_limit = batch_limit
        self._waiting: queue.SimpleQueue[Delivery] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    def start(self, channel: BlockingChannel) -> None:
        self._channel = channel
        self._thread.start()

    def on_message(self, _channel, method, _properties, body: bytes) -> None:
        """pika's consumer callback, on the connection thread: queue it and return at once."""
        self._waiting.put(Delivery(method.delivery_tag, body))

    def finish(self) -> None:
        """Let the batch in hand settle while the connection is still open to carry its acks."""
        self.done.set()
        while self._thread.is_alive():
            self._connection.process_data_events(time_limit=0.1)
        self._connection.process_data_events(time_limit=0)  # the last acks queued as it ended

    def abandon(self) -> None:
        """The connection is gone: whatever is unacked returns to the queue on the broker's side."""
        self.done.set()
        if self._thread.is_alive():
            self._thread.join()

    def ack(self, through: Delivery, multiple: bool) -> None:
        self._settle(self._channel.basic_ack, through.tag, multiple=multiple)

    def nack(self, delivery: Delivery, requeue: bool) -> None:
        self._settle(self._channel.basic_nack, delivery.tag, requeue=requeue)

    def _settle(self, method, *args, **kwargs) -> None:
        try:
            self._connection.add_callback_threadsafe(functools.partial(method, *args, **kwargs))
        except AMQPError as error:  # the connection closed: the broker redelivers, the inbox dedupes
            log.info("consumer.settle_skipped", error=repr(error))

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        try:
            while not self.done.is_set():
                if batch := self._take():
                    self._handle(self, batch)
        except Exception:  # a bug here must not stall the queue silently: the consumer sees it and reconnects
            log.exception("consumer.worker_crashed")

    def _take(self) -> list[Delivery]:
        try:
            batch = [self._waiting.get(timeout=0.2)]
        except queue.Empty:
            return []
        while len(batch) < self._batch_limit:
            try:
                batch.append(self._waiting.get_nowait())
            except queue.Empty:
                break
        return batch
