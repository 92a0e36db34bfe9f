"""Gauges a scrape reads from the pipeline itself, so that they are true whichever replica answers:
the outbox's backlog and the age of its oldest unsent event (relays), a consumer's queue depth and
its dead-letter queue's (consumers). Each scrape costs one indexed query or one passive declare."""
from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, Table, func, select

from ..logging import get_logger
from .broker import connect, dead_letter_queue

log = get_logger(__name__)


class OutboxGauges(Collector):
    def __init__(self, engine: Engine, outbox: Table):
        self._engine, self._outbox = engine, outbox

    def collect(self):
        unsent = self._outbox.c.published_at.is_(None)
        query = select(func.count(), func.extract("epoch", func.now() - func.min(self._outbox.c.created_at)))
        try:
            with self._engine.connect() as db:
                count, age = db.execute(query.where(unsent)).one()
        except Exception as error:  # noqa: BLE001 - a scrape must answer; the gap shows as no sample
            log.warning("metrics.outbox_unreadable", error=repr(error))
            return
        yield GaugeMetricFamily("outbox_unsent_events", "Committed events not yet confirmed by the broker", count)
        yield GaugeMetricFamily("outbox_oldest_unsent_age_seconds", "Age of the oldest unsent event (0: none)",
                                float(age or 0))


class QueueGauges(Collector):
    def __init__(self, amqp_url: str, queue: str):
        self._amqp_url, self._queue = amqp_url, queue

    def collect(self):
        try:
            connection = connect(self._amqp_url, f"metrics-{self._queue}", heartbeat=0)
            try:
                channel = connection.channel()
                waiting = channel.queue_declare(self._queue, passive=True).method.message_count
                dead = channel.queue_declare(dead_letter_queue(self._queue), passive=True).method.message_count
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - as above
            log.warning("metrics.queue_unreadable", queue=self._queue, error=repr(error))
            return
        labels = ["queue"]
        ready = GaugeMetricFamily("consumer_queue_messages", "Messages waiting in the consumer's queue", labels=labels)
        ready.add_metric([self._queue], waiting)
        yield ready
        letters = GaugeMetricFamily("consumer_dead_letter_messages", "Messages in the consumer's dead-letter queue",
                                    labels=labels)
        letters.add_metric([self._queue], dead)
        yield letters
