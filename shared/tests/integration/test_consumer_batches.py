"""A backlog is applied in batches (one transaction and one ack for many events), still in the
order the broker delivered it and still once per event."""
from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pika
import pytest
from b2b_shared.db.engine import make_session_factory
from b2b_shared.entrypoints import build_consumer
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope
from b2b_shared.service import Consumes, Service
from b2b_shared.workers import EVENTS_PREFETCH, WORK_QUEUE_PREFETCH
from mechanism_support import start, wait_for
from sqlalchemy import BigInteger, Column, Identity, Integer, MetaData, String, Table, func, insert, select

EVENTS = 1000
effects = Table("consumer_batch_effects", MetaData(), Column("seq", BigInteger, Identity(), primary_key=True),
                Column("queue", String(100), nullable=False), Column("n", Integer, nullable=False))


@pytest.fixture(scope="module", autouse=True)
def effects_table(engine):
    effects.create(engine, checkfirst=True)



def test_a_backlog_is_applied_once_per_event_in_the_order_it_was_published(config, engine, inbox, queue_name,
                                                                          amqp_url):
    def record_position(session, event):
        session.execute(insert(effects).values(queue=queue_name, n=event.data["n"]))

    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": record_position},
                        make_session_factory(engine), inbox)
    consumer.declare()
    publish_numbered(amqp_url, config.events_exchange, EVENTS)
    start(consumer)
    try:
        assert wait_for(lambda: len(positions(engine, queue_name)) >= EVENTS, timeout=30)
        time.sleep(0.5)  # a second effect would show by now
        assert positions(engine, queue_name) == list(range(EVENTS))
        assert consumer_batches(engine, inbox, queue_name) < EVENTS / 10  # one commit held many events
    finally:
        consumer.stop()


def publish_numbered(amqp_url, exchange, count: int) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for n in range(count):
        envelope = make_envelope("thing.happened", "/test", str(uuid.uuid4()), {"n": n}, None)
        channel.basic_publish(exchange, "thing.happened", json.dumps(envelope).encode(),
                              pika.BasicProperties(delivery_mode=2))
    connection.close()


def positions(engine, queue) -> list[int]:
    with engine.connect() as db:
        return list(db.scalars(select(effects.c.n).where(effects.c.queue == queue).order_by(effects.c.seq)))


def consumer_batches(engine, inbox, queue) -> int:
    """Inbox rows share their transaction's start time (now()): one distinct time per commit."""
    with engine.connect() as db:
        return db.scalar(select(func.count(func.distinct(inbox.c.processed_at))).where(inbox.c.consumer == queue))


def test_a_work_queue_applies_and_commits_each_message_on_its_own(config, engine, inbox, queue_name, amqp_url):
    """Import batches: each answered as soon as it is applied, and replicas share a job's batches."""
    def record_position(session, event):
        session.execute(insert(effects).values(queue=queue_name, n=event.data["n"]))

    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": record_position},
                        make_session_factory(engine), inbox, prefetch=WORK_QUEUE_PREFETCH)
    consumer.declare()
    publish_numbered(amqp_url, config.events_exchange, 20)
    start(consumer)
    try:
        assert wait_for(lambda: len(positions(engine, queue_name)) >= 20, timeout=30)
        assert consumer_batches(engine, inbox, queue_name) == 20
    finally:
        consumer.stop()


def test_a_services_command_queue_is_consumed_as_a_work_queue_and_its_events_in_batches(config):
    service = Service("probe", lambda: config, MetaData(), lambda _config: None, Path("."),
                      consumes=Consumes("probe.events", {"thing.happened": lambda *_: None}),
                      commands=Consumes("probe.commands", {"import_batch.things.requested": lambda *_: None}))
    assert build_consumer(service, config, consumes=service.commands).prefetch == WORK_QUEUE_PREFETCH
    assert build_consumer(service, config, consumes=service.consumes).prefetch == EVENTS_PREFETCH > 1
