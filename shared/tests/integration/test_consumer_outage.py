"""Transient database failures while events flow: the consumer holds what it has and retries it,
so each event has exactly one effect and none is dead-lettered. The consumer's engine reaches
PostgreSQL through a TCP proxy the tests cut and restore; the broker connection does not."""
from __future__ import annotations

import json
import threading
import time
import uuid

import pika
import pytest
import structlog
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope
from b2b_shared.testing import ledger
from b2b_shared.testing.tcp_proxy import TcpProxy
from mechanism_support import message_count, start, wait_for
from sqlalchemy import BigInteger, Column, Identity, MetaData, String, Table, insert, select, text

EVENTS = 2000
effects = Table("consumer_effects", MetaData(), Column("seq", BigInteger, Identity(), primary_key=True),
                Column("event_id", String(64), nullable=False, index=True))


def record_effect(session, event) -> None:
    """No unique key on purpose: an event applied twice shows as two rows."""
    session.execute(insert(effects).values(event_id=event.id))


@pytest.fixture(scope="module", autouse=True)
def effects_table(engine):
    effects.create(engine, checkfirst=True)


@pytest.fixture(scope="module", autouse=True)
def production_logging():
    """JSON logs, as the services run: the console renderer's rich traceback takes about a second
    per failure, which would space redeliveries out and hide what this file is about."""
    configure_logging("WARNING")
    yield
    structlog.reset_defaults()


@pytest.fixture
def proxy(database_url):
    proxy = TcpProxy.to_server_of(database_url, 5432)
    yield proxy
    proxy.close()


@pytest.fixture
def proxied_engine(database_url, proxy):
    engine = make_engine(proxy.url_through(database_url), 2)
    yield engine
    engine.dispose()



@pytest.fixture
def consumers():
    """Starts consumers (queue declared and bound when it returns) and stops them after the test."""
    started = []

    def start_consumer(consumer: Consumer) -> Consumer:
        started.append(consumer)
        start(consumer)
        assert wait_for(consumer.started.is_set)
        return consumer

    yield start_consumer
    for consumer in started:
        consumer.stop()


@pytest.fixture
def consumer(config, proxied_engine, inbox, queue_name):
    """Heartbeats every 2 s: a connection silent for 4 s would be dropped, and counted."""
    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": record_effect},
                        make_session_factory(proxied_engine), inbox, delivery_limit=5, heartbeat=2,
                        reconnect_seconds=0.1)
    consumer.declare()
    return consumer


def test_a_ten_second_database_outage_while_2000_events_flow_loses_none_duplicates_none_dead_letters_none(
        consumer, consumers, proxy, engine, amqp_url, config, queue_name):
    assert outage_while_events_flow(consumer, consumers, proxy, engine, amqp_url, config, seconds=10) == {
        **ledger.EXACT, "dead_lettered": 0, "connections_opened": 1}


@pytest.mark.reliability  # about 70 s
def test_a_sixty_second_database_outage_ends_with_every_effect_exactly_once_and_nothing_dead_lettered(
        consumer, consumers, proxy, engine, amqp_url, config, queue_name):
    assert outage_while_events_flow(consumer, consumers, proxy, engine, amqp_url, config, seconds=60) == {
        **ledger.EXACT, "dead_lettered": 0, "connections_opened": 1}


def test_a_connection_cut_inside_the_transaction_is_retried_without_spending_a_delivery(
        config, consumers, proxied_engine, proxy, engine, inbox, queue_name, amqp_url):
    """delivery_limit=1: a single nack with requeue would dead-letter it."""
    def cut_mid_transaction(session, event):
        if not cut.is_set():
            cut.set()
            proxy.cut()
            threading.Timer(1.0, proxy.restore).start()
        record_effect(session, event)

    cut = threading.Event()
    consumers(consumer_of(config, proxied_engine, inbox, queue_name, cut_mid_transaction))
    ids = publish(amqp_url, config.events_exchange, 1)
    assert wait_for(lambda: tally(engine, ids)["lost"] == 0, timeout=20)
    time.sleep(0.5)  # a second effect would show by now
    assert (tally(engine, ids), dead_letters(amqp_url, queue_name)) == (ledger.EXACT, 0)


def test_a_lock_timeout_is_retried_until_the_lock_is_released_without_spending_a_delivery(
        config, consumers, engine, inbox, queue_name, amqp_url):
    def wait_briefly_for_the_lock(session, event):
        session.execute(text("SET LOCAL lock_timeout = '50ms'"))
        session.execute(text("LOCK TABLE consumer_effects IN EXCLUSIVE MODE"))
        record_effect(session, event)

    consumers(consumer_of(config, engine, inbox, queue_name, wait_briefly_for_the_lock))
    with engine.begin() as holder:
        holder.execute(text("LOCK TABLE consumer_effects IN EXCLUSIVE MODE"))
        ids = publish(amqp_url, config.events_exchange, 1)
        time.sleep(2)  # dozens of lock timeouts meanwhile
    assert wait_for(lambda: tally(engine, ids)["lost"] == 0, timeout=20)
    time.sleep(0.5)
    assert (tally(engine, ids), dead_letters(amqp_url, queue_name)) == (ledger.EXACT, 0)


def test_a_consumer_stopped_while_the_database_is_out_stops_promptly_and_leaves_the_event_queued(
        consumer, consumers, proxy, engine, inbox, amqp_url, config, queue_name):
    proxy.cut()
    thread = start(consumer)
    ids = publish(amqp_url, config.events_exchange, 1)
    time.sleep(1)  # held meanwhile, with a few attempts
    consumer.stop()
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert wait_for(lambda: message_count(amqp_url, queue_name) == 1)  # back on the queue, unsettled
    assert dead_letters(amqp_url, queue_name) == 0
    proxy.restore()
    consumers(Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": record_effect},
                       make_session_factory(engine), inbox))
    assert wait_for(lambda: tally(engine, ids)["lost"] == 0)
    assert tally(engine, ids) == ledger.EXACT


def outage_while_events_flow(consumer, consumers, proxy, engine, amqp_url, config, seconds: float) -> dict:
    """Half the events wait on the queue when the consumer starts (a backlog, so the cut lands
    mid-batch), the other half are published during the outage; then the database comes back."""
    ids = publish(amqp_url, config.events_exchange, EVENTS // 2)
    consumers(consumer)
    time.sleep(0.2)
    proxy.cut()
    outage_ends = time.monotonic() + seconds
    ids += publish(amqp_url, config.events_exchange, EVENTS - len(ids))
    time.sleep(max(0.0, outage_ends - time.monotonic()))
    proxy.restore()
    wait_for(lambda: tally(engine, ids)["lost"] == 0, timeout=60)
    time.sleep(1)  # a second effect or a late dead letter would show by now
    return {**tally(engine, ids), "dead_lettered": dead_letters(amqp_url, consumer.queue),
            "connections_opened": consumer.connections_opened}


def consumer_of(config, engine, inbox, queue, handler) -> Consumer:
    return Consumer(config.amqp_url, config.events_exchange, queue, {"thing.happened": handler},
                    make_session_factory(engine), inbox, delivery_limit=1, reconnect_seconds=0.1)


def publish(amqp_url, exchange, count: int) -> list[str]:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    ids = []
    for _ in range(count):
        envelope = make_envelope("thing.happened", "/test", str(uuid.uuid4()), {}, None)
        channel.basic_publish(exchange, "thing.happened", json.dumps(envelope).encode(),
                              pika.BasicProperties(delivery_mode=2))
        ids.append(envelope["id"])
    connection.close()
    return ids


def tally(engine, ids: list[str]) -> dict:
    """Per event id (the reliability suite's ledger): lost, applied more than once. (The module's tests
    share the effects table, so effects of other ids are other tests', not unexpected ones.)"""
    with engine.connect() as db:
        applied = db.scalars(select(effects.c.event_id).where(effects.c.event_id.in_(ids))).all()
    return ledger.tally(ids, applied).counts


def dead_letters(amqp_url, queue) -> int:
    return message_count(amqp_url, f"{queue}.dead-letter")
