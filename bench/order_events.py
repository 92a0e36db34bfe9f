"""Order events applied per second by the customers consumer (target: at least 2,000/s).

A fresh exchange and queue (its own BROKER_NAMESPACE) on a scratch customers database: EVENTS
order events (placements, then cancels and refunds of some of them, over CUSTOMERS customers, a
tenth of them sent twice under the same id, as a redelivery would) are queued first, then the
service's own consumer (`build_consumer`: inbox, order rows, timeline entries) is started and timed
until every message is settled. Median of RUNS runs; each run checks the order rows and timeline
entries it should have made.
"""
from __future__ import annotations

import random
import statistics
import threading
import time
import uuid

import pika
from b2b_shared.entrypoints import build_consumer
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.envelope import make_envelope, to_json
from benchkit import AMQP_URL, scratch_database
from consumer_throughput import busy_share_since, cpu_times, delete_exchange, delete_queues
from customers.service import SERVICE
from prometheus_client import REGISTRY
from sqlalchemy import create_engine, func, select, text

EVENTS = 20_000
CUSTOMERS = 1_000
RUNS = 3
TARGET = 2_000
TIMEOUT_SECONDS = 120
TYPES = ("order.placed", "order.cancelled", "order.refunded")


def order_events(count: int) -> list[tuple[str, bytes]]:
    """(routing key, body): placements, a fifth of them cancelled and a tenth refunded, shuffled (a
    cancel may come before its placement); then a tenth of all of them again, as redeliveries."""
    customers = [str(uuid.uuid4()) for _ in range(CUSTOMERS)]
    placed = [(f"o-{uuid.uuid4().hex}", random.choice(customers)) for _ in range(int(count / 1.3 / 1.1))]
    changes = [("order.placed", order) for order in placed]
    changes += [("order.cancelled", order) for order in placed[: len(placed) // 5]]
    changes += [("order.refunded", order) for order in placed[len(placed) // 5: len(placed) // 5 + len(placed) // 10]]
    random.shuffle(changes)
    messages = [(kind, _body(kind, order_id, customer)) for kind, (order_id, customer) in changes]
    messages += random.sample(messages, count - len(messages))  # the same event (same id) delivered twice
    return messages


def _body(kind: str, order_id: str, customer: str) -> bytes:
    data = {"order_id": order_id, "customer_id": customer, "total": f"{random.randint(100, 99_999) / 100:.2f}",
            "currency": random.choice(("EUR", "USD")), "occurred_at": "2026-03-01T10:00:00Z"}
    return to_json(make_envelope(kind, "/bench/orders", order_id, data, None)).encode()


def publish(exchange: str, queue: str, messages: list[tuple[str, bytes]]) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    properties = pika.BasicProperties(delivery_mode=2, content_type="application/cloudevents+json")
    for routing_key, body in messages:
        channel.basic_publish(exchange, routing_key, body, properties)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while channel.queue_declare(queue, passive=True).method.message_count < len(messages):
        if time.monotonic() > deadline:
            raise SystemExit("the queue did not fill")
        connection.sleep(0.1)
    connection.close()


def settled(queue: str) -> float:
    return sum(REGISTRY.get_sample_value("consumer_messages_total", {"queue": queue, "event_type": kind,
                                                                      "outcome": outcome}) or 0
               for kind in TYPES for outcome in ("applied", "duplicate"))


def outcomes(queue: str) -> dict:
    return {(sample.labels["event_type"], sample.labels["outcome"]): sample.value
            for metric in REGISTRY.collect() if metric.name == "consumer_messages"
            for sample in metric.samples if sample.labels.get("queue") == queue and sample.name.endswith("_total")}


def one_run(url: str, run: int) -> tuple[float, float]:
    namespace = f"bench-orders-{uuid.uuid4().hex[:6]}"
    exchange = f"{namespace}.events"
    config = SERVICE.load_config().with_(database_url=url, amqp_url=AMQP_URL, events_exchange=exchange,
                                         broker_namespace=namespace)
    consumer = build_consumer(SERVICE, config, consumes=SERVICE.follows)  # the timeline's queue
    consumer.declare()
    messages = order_events(EVENTS)
    try:
        publish(exchange, consumer.queue, messages)
        rate, busy = timed(consumer)
        check(url, messages)
        return rate, busy
    finally:
        delete_queues(consumer.queue)
        delete_exchange(exchange)


def timed(consumer) -> tuple[float, float]:
    cpu_before, started = cpu_times(), time.monotonic()
    worker = threading.Thread(target=consumer.run, daemon=True)
    worker.start()
    try:
        while settled(consumer.queue) < EVENTS:
            if time.monotonic() > started + TIMEOUT_SECONDS:
                raise SystemExit(f"only {settled(consumer.queue):.0f} of {EVENTS} events settled in time: "
                                 f"{outcomes(consumer.queue)}")
            time.sleep(0.01)
        return EVENTS / (time.monotonic() - started), busy_share_since(cpu_before)
    finally:
        consumer.stop()
        worker.join(timeout=30)


def check(url: str, messages: list[tuple[str, bytes]]) -> None:
    """One order row per order and one timeline entry per distinct event; then empty for the next run."""
    orders = {body.split(b'"subject":"')[1].split(b'"')[0] for _, body in messages}
    distinct = len(set(messages))
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as db:
        rows = db.scalar(select(func.count()).select_from(text("customer_orders")))
        entries = db.scalar(select(func.count()).select_from(text("customer_activity")))
        db.execute(text("TRUNCATE customer_orders, customer_activity, inbox"))
    engine.dispose()
    if (rows, entries) != (len(orders), distinct):
        raise SystemExit(f"{rows} order rows for {len(orders)} orders, {entries} entries for {distinct} events")


def main() -> None:
    configure_logging("WARNING")
    with scratch_database("services/customers", "orders") as url:
        runs = [one_run(url, n) for n in range(RUNS)]
    print(f"{EVENTS:,} order events per run: " + ", ".join(f"{rate:,.0f}/s (CPUs {busy:.0%} busy)" for rate, busy in runs))
    median = statistics.median(rate for rate, _ in runs)
    print(f"order events applied: median {median:,.0f} events/s (target >= {TARGET:,})  "
          f"{'OK' if median >= TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
