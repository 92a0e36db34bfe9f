"""What the relay does with the broker's other answers than a plain ack: a nack leaves the row unsent
and it is published again; a returned (unroutable) message is marked sent and counted."""
from __future__ import annotations

import json
import time
import uuid

import pika
import pytest
from b2b_shared.messaging.relay import OutboxRelay
from mechanism_support import Thing, start
from prometheus_client import REGISTRY
from sqlalchemy import func, select


@pytest.fixture
def exchange(config):
    """An exchange of the test's own, so that only the queues the test binds receive anything."""
    name = f"{config.events_exchange}.{uuid.uuid4().hex[:6]}"
    connection = pika.BlockingConnection(pika.URLParameters(config.amqp_url))
    channel = connection.channel()
    channel.exchange_declare(name, "topic", durable=True)
    yield channel, name
    channel.exchange_delete(name)
    connection.close()


@pytest.fixture
def relay_on(engine, outbox, config):
    running = []

    def start_relay(exchange_name: str) -> None:
        relay = OutboxRelay(engine, outbox, config.amqp_url, exchange_name, config.outbox_channel, poll_seconds=0.2)
        running.append((relay, start(relay)))
    yield start_relay
    for relay, thread in running:
        relay.stopping.set()
        thread.join(timeout=5)


def test_a_nacked_event_stays_unsent_and_is_published_again(uow_factory, engine, outbox, exchange, relay_on,
                                                            clean_outbox):
    channel, name = exchange
    # A full queue that rejects publishes makes the broker nack them
    # (https://www.rabbitmq.com/docs/maxlength#overflow-behaviour).
    queue = channel.queue_declare("", exclusive=True, arguments={"x-max-length": 2, "x-overflow": "reject-publish"})
    channel.queue_bind(queue.method.queue, name, "#")
    relay_on(name)
    ids = create_things(uow_factory, 5)
    wait_for(lambda: unsent(engine, outbox) == 3)
    time.sleep(0.5)  # retried meanwhile, and nacked again
    assert unsent(engine, outbox) == 3
    received = drain(channel, queue.method.queue, len(ids))
    assert sorted(received) == sorted(ids)


def test_an_event_no_queue_is_bound_for_is_marked_sent_and_counted(uow_factory, engine, outbox, exchange, relay_on,
                                                                    clean_outbox):
    _channel, name = exchange
    before = counted("outbox_unroutable_total"), counted("outbox_published_total")
    relay_on(name)
    create_things(uow_factory, 3)
    wait_for(lambda: unsent(engine, outbox) == 0)
    assert counted("outbox_unroutable_total") - before[0] == 3
    assert counted("outbox_published_total") - before[1] == 0


def create_things(uow_factory, count: int) -> list[str]:
    with uow_factory() as uow:
        things = [Thing(id=uuid.uuid4(), name=f"answered-{n}") for n in range(count)]
        for thing in things:
            uow.session.add(thing)
            thing.record("thing.created")
        uow.commit()
    return [str(thing.id) for thing in things]


def unsent(engine, outbox) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))


def counted(metric: str) -> float:
    return REGISTRY.get_sample_value(metric, {"event_type": "thing.created"}) or 0.0


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def drain(channel, queue: str, count: int, timeout: float = 15.0) -> list[str]:
    """Consume as the nacked events are published again into the room this makes."""
    subjects, deadline = [], time.monotonic() + timeout
    while len(subjects) < count and time.monotonic() < deadline:
        method, _properties, body = channel.basic_get(queue, auto_ack=True)
        if method is None:
            channel.connection.sleep(0.05)
        else:
            subjects.append(json.loads(body)["subject"])
    return subjects
