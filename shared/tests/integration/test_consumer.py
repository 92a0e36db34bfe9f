"""The consumer runner against the real broker: one effect per message, dead-lettering."""
from __future__ import annotations

import json
import time
import uuid

import pika
from b2b_shared.db.engine import make_session_factory
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope
from mechanism_support import Thing, start, wait_for
from sqlalchemy import select


def rename_thing(session, event):
    """The handler: applies `thing.renamed` by appending to the name, so a second effect shows."""
    thing = session.get(Thing, uuid.UUID(event.subject))
    thing.name += "+"


def always_fails(session, event):
    raise RuntimeError("this handler never succeeds")


def make_thing(engine) -> uuid.UUID:
    session = make_session_factory(engine)()
    thing = Thing(name="t")
    session.add(thing)
    session.commit()
    return thing.id


def publish(amqp_url, exchange, body: bytes, routing_key: str, times: int = 1) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for _ in range(times):
        channel.basic_publish(exchange, routing_key, body, pika.BasicProperties(delivery_mode=2))
    connection.close()



def consumer_for(config, engine, inbox, queue, handlers, **options):
    return Consumer(config.amqp_url, config.events_exchange, queue, handlers, make_session_factory(engine), inbox,
                    **{"delivery_limit": 3, **options})


def name_of(engine, thing_id):
    with engine.connect() as db:
        return db.scalar(select(Thing.name).where(Thing.id == thing_id))


def dead_letters(amqp_url, queue) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    count = connection.channel().queue_declare(f"{queue}.dead-letter", passive=True).method.message_count
    connection.close()
    return count


def test_a_message_delivered_twice_has_one_effect(config, engine, inbox, queue_name, amqp_url):
    thing_id = make_thing(engine)
    consumer = consumer_for(config, engine, inbox, queue_name, {"thing.renamed": rename_thing})
    start(consumer)
    assert wait_for(lambda: consumer.started.is_set())
    envelope = make_envelope("thing.renamed", "/test", str(thing_id), {}, None)
    publish(amqp_url, config.events_exchange, json.dumps(envelope).encode(), "thing.renamed", times=2)
    assert wait_for(lambda: name_of(engine, thing_id) == "t+")
    time.sleep(0.5)
    assert name_of(engine, thing_id) == "t+"
    consumer.stop()


def test_a_message_that_keeps_failing_lands_in_the_dead_letter_queue(config, engine, inbox, queue_name, amqp_url):
    consumer = consumer_for(config, engine, inbox, queue_name, {"thing.renamed": always_fails}, delivery_limit=2)
    start(consumer)
    assert wait_for(lambda: consumer.started.is_set())
    envelope = make_envelope("thing.renamed", "/test", str(uuid.uuid4()), {}, None)
    publish(amqp_url, config.events_exchange, json.dumps(envelope).encode(), "thing.renamed")
    assert wait_for(lambda: dead_letters(amqp_url, queue_name) == 1, timeout=20)
    consumer.stop()


def test_a_message_that_is_not_a_cloudevent_is_dead_lettered_at_once(config, engine, inbox, queue_name, amqp_url):
    consumer = consumer_for(config, engine, inbox, queue_name, {"thing.renamed": rename_thing})
    start(consumer)
    assert wait_for(lambda: consumer.started.is_set())
    publish(amqp_url, config.events_exchange, b"not json", "thing.renamed")
    assert wait_for(lambda: dead_letters(amqp_url, queue_name) == 1)
    consumer.stop()


def test_a_handler_longer_than_the_heartbeat_timeout_keeps_its_connection_and_runs_once(
        config, engine, inbox, queue_name, amqp_url):
    """With a 1 s heartbeat the broker drops a connection silent for about 2 s; the handler
    takes 5 s on the worker thread while the connection thread keeps answering heartbeats."""
    calls = []

    def slow(session, event):
        calls.append(event.id)
        time.sleep(5)

    # reconnect_seconds: a dropped connection would be replaced within the wait below, and counted.
    consumer = consumer_for(config, engine, inbox, queue_name, {"thing.slow": slow}, heartbeat=1,
                            reconnect_seconds=0.1)
    start(consumer)
    assert wait_for(lambda: consumer.started.is_set())
    envelope = make_envelope("thing.slow", "/test", str(uuid.uuid4()), {}, None)
    publish(amqp_url, config.events_exchange, json.dumps(envelope).encode(), "thing.slow")
    assert wait_for(lambda: calls, timeout=10)
    time.sleep(6)  # the handler finishes and acks; a dropped connection would redeliver it
    assert calls == [envelope["id"]]
    assert consumer.connections_opened == 1  # the broker never dropped it for missed heartbeats
    assert dead_letters(amqp_url, queue_name) == 0
    consumer.stop()
