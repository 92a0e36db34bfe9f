"""Consumer throughput: events applied per second by one consumer (target: at least 2,000/s).

Each run fills a fresh queue on a fresh exchange with EVENTS events, then starts one consumer
(b2b_shared's, with its inbox) whose handler is a trivial versioned upsert, and times from its
start until every event is applied. Median of RUNS runs; every run also checks that each event
was applied exactly once and nothing was dead-lettered.
"""
from __future__ import annotations

import statistics
import threading
import time
import uuid

import pika
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.migrate import drop_database, ensure_database
from b2b_shared.db.tables import inbox_table
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope, to_json
from benchkit import AMQP_URL, POSTGRES_URL
from prometheus_client import REGISTRY
from sqlalchemy import Column, Integer, MetaData, String, Table, bindparam, func, select, text
from sqlalchemy.dialects.postgresql import insert

EVENTS = 20_000
RUNS = 3
TARGET = 2_000
TIMEOUT_SECONDS = 120

metadata = MetaData()
inbox = inbox_table(metadata)
items = Table("items", metadata, Column("id", String(40), primary_key=True), Column("version", Integer),
              Column("name", String(100)))


def upsert_statement():
    statement = insert(items).values(id=bindparam("id"), version=bindparam("version"), name=bindparam("name"))
    return statement.on_conflict_do_update(
        index_elements=[items.c.id], set_={"version": statement.excluded.version, "name": statement.excluded.name},
        where=items.c.version < statement.excluded.version)


UPSERT = upsert_statement()  # built once: the handler only binds values


def upsert_item(session, event) -> None:
    """A read model's typical handler: one upsert that never goes back a version."""
    session.execute(UPSERT, {"id": event.subject, "version": event.data["version"], "name": event.data["name"]})


def main() -> None:
    url = f"{POSTGRES_URL}/bench_consumer_{uuid.uuid4().hex[:6]}"
    exchange = f"bench.consumer.{uuid.uuid4().hex[:6]}"
    configure_logging("WARNING")
    ensure_database(url)
    engine = make_engine(url, 2)  # as b2b_shared.workers.make_consumer builds it
    metadata.create_all(engine)
    try:
        runs = [one_run(engine, exchange, f"{exchange}.run{n}") for n in range(RUNS)]
    finally:
        engine.dispose()
        drop_database(url)
        delete_exchange(exchange)
    print(f"{EVENTS:,} events per run: " + ", ".join(f"{rate:,.0f}/s (CPUs {busy:.0%} busy)" for rate, busy in runs))
    median = statistics.median(rate for rate, _ in runs)
    print(f"one consumer: median {median:,.0f} events/s (target >= {TARGET:,})  {'OK' if median >= TARGET else 'MISSED'}")


def one_run(engine, exchange: str, queue: str) -> tuple[float, float]:
    """Events/s, and how busy the machine's CPUs were meanwhile (broker and database included)."""
    consumer = Consumer(AMQP_URL, exchange, queue, {"item.changed": upsert_item}, make_session_factory(engine), inbox)
    consumer.declare()
    try:
        publish(exchange, queue, EVENTS)
        vacuum(engine)
        rate, busy = timed(consumer)
        check_exactly_once(engine, queue)
        return rate, busy
    finally:
        delete_queues(queue)


def timed(consumer: Consumer) -> tuple[float, float]:
    cpu_before, started = cpu_times(), time.monotonic()
    worker = threading.Thread(target=consumer.run, daemon=True)
    worker.start()
    try:
        wait_until_applied(consumer.queue, started + TIMEOUT_SECONDS)
        return EVENTS / (time.monotonic() - started), busy_share_since(cpu_before)
    finally:
        consumer.stop()
        worker.join(timeout=30)


def publish(exchange: str, queue: str, count: int) -> None:
    """Without per-message confirms (pika's blocking channel waits for each), then until the queue
    holds them all: the consumer starts on a full queue."""
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    properties = pika.BasicProperties(delivery_mode=2, content_type="application/cloudevents+json")
    for body in envelopes(count):
        channel.basic_publish(exchange, "item.changed", body, properties)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while channel.queue_declare(queue, passive=True).method.message_count < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"the queue did not fill with {count} events")
        connection.sleep(0.1)
    connection.close()


def vacuum(engine) -> None:
    """Each run starts from the tables autovacuum would leave, not the previous run's dead rows."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.execute(text("VACUUM ANALYZE items, inbox"))


def cpu_times() -> list[int]:
    """Jiffies of all CPUs from Linux's /proc/stat: user nice system idle iowait irq softirq steal."""
    with open("/proc/stat") as stat:
        return [int(value) for value in stat.readline().split()[1:9]]


def busy_share_since(before: list[int]) -> float:
    user, nice, system, idle, iowait, irq, softirq, steal = (now - then for now, then in zip(cpu_times(), before))
    return (user + nice + system + irq + softirq) / (user + nice + system + idle + iowait + irq + softirq + steal)


def envelopes(count: int) -> list[bytes]:
    """item.changed events, each about an item of its own."""
    return [to_json(make_envelope("item.changed", "/bench", str(uuid.uuid4()), {"version": 1, "name": f"item {n}"},
                                  None)).encode() for n in range(count)]


def applied(engine, queue: str) -> tuple[int, int]:
    """Inbox rows of this run's queue, and read-model rows (one per event: each has its own item)."""
    with engine.connect() as db:
        claimed = db.scalar(select(func.count()).select_from(inbox).where(inbox.c.consumer == queue))
        return claimed, db.scalar(select(func.count()).select_from(items))


def wait_until_applied(queue: str, deadline: float) -> None:
    """Reads the consumer's own counter (it counts after each commit): polling the database would
    take CPU from the consumer and PostgreSQL on a small machine."""
    while (done := handled(queue)) < EVENTS:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {done:.0f} of {EVENTS} events applied in time")
        time.sleep(0.01)


def handled(queue: str) -> float:
    labels = {"queue": queue, "event_type": "item.changed", "outcome": "applied"}
    return REGISTRY.get_sample_value("consumer_messages_total", labels) or 0


def check_exactly_once(engine, queue: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    left = channel.queue_declare(queue, passive=True).method.message_count
    dead = channel.queue_declare(f"{queue}.dead-letter", passive=True).method.message_count
    connection.close()
    claimed, rows = applied(engine, queue)
    if claimed != EVENTS or left or dead:
        raise SystemExit(f"applied {claimed} of {EVENTS}, {left} left on the queue, {dead} dead-lettered")
    with engine.begin() as db:  # the next run starts from an empty read model
        if db.execute(items.delete()).rowcount != rows or rows != EVENTS:
            raise SystemExit(f"{rows} read-model rows for {EVENTS} events")


def delete_queues(queue: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    channel.queue_delete(queue)
    channel.queue_delete(f"{queue}.dead-letter")
    connection.close()


def delete_exchange(exchange: str) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    connection.channel().exchange_delete(exchange)
    connection.close()


if __name__ == "__main__":
    main()
