"""`b2b-service replay <service>` against the real broker: dead letters go back to their
queue unchanged, once their cause is fixed, and are applied once."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid

import pika
import pytest
import structlog
from b2b_shared.db.engine import make_session_factory
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope
from b2b_shared.messaging.replay import replay
from mechanism_support import message_count, start, wait_for
from sqlalchemy import BigInteger, Column, Identity, MetaData, String, Table, func, insert, select

effects = Table("replay_effects", MetaData(), Column("seq", BigInteger, Identity(), primary_key=True),
                Column("event_id", String(64), nullable=False, index=True))


@pytest.fixture(scope="module", autouse=True)
def effects_table(engine):
    effects.create(engine, checkfirst=True)


@pytest.fixture(scope="module", autouse=True)
def production_logging():
    """JSON logs, as the services run (the console renderer spends a second per traceback)."""
    configure_logging("WARNING")
    yield
    structlog.reset_defaults()


# The replay command takes a service's name; its queue is <BROKER_NAMESPACE>.<the service's queue>.
SERVICE, SERVICE_QUEUE = "customers", "customers.principal-events"


@pytest.fixture
def namespace():
    return f"test-replay-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def queue_name(amqp_url, namespace):
    name = f"{namespace}.{SERVICE_QUEUE}"
    yield name
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.queue_delete(name)
    channel.queue_delete(f"{name}.dead-letter")
    connection.close()


def test_a_dead_letter_replayed_after_its_handler_is_fixed_is_applied_once(config, engine, inbox, queue_name,
                                                                           amqp_url, namespace):
    fixed = False

    def handler(session, event):
        if not fixed:
            raise ValueError("a bug, fixed in the next release")
        session.execute(insert(effects).values(event_id=event.id))

    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": handler},
                        make_session_factory(engine), inbox, delivery_limit=2)
    start(consumer)
    try:
        assert wait_for(consumer.started.is_set)
        envelope = make_envelope("thing.happened", "/test", str(uuid.uuid4()), {}, None)
        publish(amqp_url, config.events_exchange, "thing.happened", json.dumps(envelope).encode())
        assert wait_for(lambda: message_count(amqp_url, f"{queue_name}.dead-letter") == 1, timeout=15)
        fixed = True
        assert run_replay(amqp_url, namespace).stdout.startswith("moved 1 message(s)")
        assert wait_for(lambda: effects_of(engine, envelope["id"]) == 1, timeout=15)
        time.sleep(0.5)  # a second effect would show by now
        assert (effects_of(engine, envelope["id"]), message_count(amqp_url, f"{queue_name}.dead-letter")) == (1, 0)
    finally:
        consumer.stop()


def test_replay_keeps_body_and_properties_and_moves_no_more_than_the_limit(config, engine, inbox, queue_name,
                                                                          amqp_url):
    Consumer(amqp_url, config.events_exchange, queue_name, {}, make_session_factory(engine), inbox).declare()
    properties = pika.BasicProperties(content_type="application/cloudevents+json", delivery_mode=2,
                                      message_id="m-1", headers={"x-custom": "kept"})
    for n in range(3):
        publish(amqp_url, "", f"{queue_name}.dead-letter", f"body {n}".encode(), properties)

    assert replay(amqp_url, queue_name, limit=2) == 2

    moved = take_all(amqp_url, queue_name)
    assert [body for _, body in moved] == [b"body 0", b"body 1"]
    assert all((p.content_type, p.delivery_mode, p.message_id, p.headers["x-custom"]) ==
               ("application/cloudevents+json", 2, "m-1", "kept") for p, _ in moved)
    assert message_count(amqp_url, f"{queue_name}.dead-letter") == 1


def test_replay_of_a_queue_that_does_not_exist_fails_and_says_why(amqp_url):
    result = run_replay(amqp_url, f"no-such-namespace-{uuid.uuid4().hex[:8]}", check=False)
    assert result.returncode != 0
    assert "NOT_FOUND" in result.stderr


def run_replay(amqp_url, namespace, check=True) -> subprocess.CompletedProcess:
    """`b2b-service replay customers`, as an operator runs it."""
    return subprocess.run([sys.executable, "-m", "b2b_shared.entrypoints", "replay", SERVICE], check=check,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "AMQP_URL": amqp_url, "BROKER_NAMESPACE": namespace})


def publish(amqp_url, exchange, routing_key, body: bytes, properties=None) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(exchange, routing_key, body, properties or pika.BasicProperties(delivery_mode=2))
    connection.close()


def take_all(amqp_url, queue) -> list[tuple[pika.BasicProperties, bytes]]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    messages = []
    while (message := channel.basic_get(queue, auto_ack=True))[0] is not None:
        messages.append(message[1:])
    connection.close()
    return messages



def effects_of(engine, event_id: str) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(effects).where(effects.c.event_id == event_id))
