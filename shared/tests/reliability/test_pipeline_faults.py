"""The event pipeline (unit of work -> outbox -> relay -> broker -> consumer -> effect) under the
faults of issue 8's reliability suite. Each test ends with the ledger's tally of committed events
against applied effects, per event id: nothing lost, nothing applied twice, nothing unexpected.

(The consumer's database cut for 10 s and 60 s and poison messages among good ones are in
integration/test_consumer_outage.py and test_consumer_poison.py; the gateway's cut stream and
retried writes in the gateway's and services' tests.)"""
from __future__ import annotations

import signal
import threading
import time
import uuid
from urllib.parse import urlparse

import pika
import pytest
from b2b_shared.testing.ledger import EXACT, tally
from b2b_shared.testing.tcp_proxy import TcpProxy
from mechanism_support import Thing, start
from reliability_support import (
    EFFECTS,
    applied_ids,
    committed_ids,
    make_consumer,
    make_relay,
    start_process,
    wait_until,
)
from sqlalchemy import func, select

pytestmark = pytest.mark.reliability


@pytest.fixture(scope="module", autouse=True)
def effects_table(engine):
    EFFECTS.create(engine, checkfirst=True)


@pytest.fixture
def queue(queue_name):
    return queue_name


@pytest.fixture
def loops():
    """In-process relays and consumers, stopped after the test."""
    running = []

    def run(loop):
        running.append(loop)
        start(loop)
        return loop

    yield run
    for loop in running:
        loop.stopping.set()


def commit_things(uow_factory, count: int, batch: int = 20, pause: float = 0.0) -> set[str]:
    """`count` things in transactions of `batch`, each recording thing.created; their ids."""
    subjects = set()
    for first in range(0, count, batch):
        with uow_factory() as uow:
            for _ in range(min(batch, count - first)):
                thing = Thing(id=uuid.uuid4(), name="reliable")
                uow.session.add(thing)
                thing.record("thing.created")
                subjects.add(str(thing.id))
            uow.commit()
        time.sleep(pause)
    return subjects


def settle_and_tally(engine, queue: str, subjects: set[str], timeout: float = 90.0) -> dict:
    committed = committed_ids(engine, subjects)
    wait_until(lambda: len(set(applied_ids(engine, queue))) >= len(committed), timeout, "every event is applied")
    time.sleep(1.0)  # a second effect would show by now
    return tally(committed, applied_ids(engine, queue)).counts


def dead_letters(amqp_url: str, queue: str) -> int:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    count = connection.channel().queue_declare(f"{queue}.dead-letter", passive=True).method.message_count
    connection.close()
    return count


def unsent(engine, outbox) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))


def test_a_ten_second_broker_cut_during_2000_writes(uow_factory, engine, config, queue, loops, clean_outbox,
                                                    amqp_url):
    broker = urlparse(config.amqp_url)
    proxy = TcpProxy(broker.hostname, broker.port or 5672)
    through_proxy = config.amqp_url.replace(broker.netloc.rpartition("@")[2], f"127.0.0.1:{proxy.port}")
    consumer = make_consumer(config.database_url, through_proxy, config.events_exchange, queue, heartbeat=2)
    consumer.declare()
    loops(consumer)
    loops(make_relay(config.database_url, through_proxy, config.events_exchange, config.outbox_channel))
    subjects: set[str] = set()
    writer = threading.Thread(target=lambda: subjects.update(commit_things(uow_factory, 2000, pause=0.05)))  # ~5 s
    writer.start()
    time.sleep(0.5)
    proxy.cut()  # relay and consumer both lose the broker, mid-stream
    time.sleep(10)
    proxy.restore()
    writer.join()
    try:
        assert settle_and_tally(engine, queue, subjects) == EXACT
        assert dead_letters(amqp_url, queue) == 0
    finally:
        proxy.close()


def test_a_relay_sigkilled_three_times_mid_batch(uow_factory, engine, outbox, config, queue, loops, clean_outbox):
    consumer = make_consumer(config.database_url, config.amqp_url, config.events_exchange, queue)
    consumer.declare()
    loops(consumer)
    subjects = commit_things(uow_factory, 3000, batch=500)
    arguments = (config.database_url, config.amqp_url, config.events_exchange, config.outbox_channel)
    for sent in (700, 1400, 2100):
        relay = start_process("relay", *arguments)
        wait_until(lambda: unsent(engine, outbox) <= 3000 - sent, 60, f"{sent} events are sent")
        relay.send_signal(signal.SIGKILL)
        relay.wait()
    survivor = start_process("relay", *arguments)
    try:
        assert settle_and_tally(engine, queue, subjects) == EXACT
    finally:
        survivor.terminate()
        survivor.wait(timeout=10)


def test_a_consumer_sigkilled_twice_mid_stream(uow_factory, engine, outbox, config, queue, loops, clean_outbox):
    arguments = (config.database_url, config.amqp_url, config.events_exchange, queue)
    make_consumer(*arguments).declare()  # the queue collects the events before any consumer runs
    subjects = commit_things(uow_factory, 2000, batch=500)
    loops(make_relay(config.database_url, config.amqp_url, config.events_exchange, config.outbox_channel))
    wait_until(lambda: unsent(engine, outbox) == 0, 60, "every event is published")
    for applied in (500, 1200):
        consumer = start_process("consumer", *arguments)
        wait_until(lambda: len(applied_ids(engine, queue)) >= applied, 60, f"{applied} events are applied")
        consumer.send_signal(signal.SIGKILL)
        consumer.wait()
    survivor = start_process("consumer", *arguments)
    try:
        assert settle_and_tally(engine, queue, subjects) == EXACT
    finally:
        survivor.terminate()
        survivor.wait(timeout=10)
