"""A worker's /metrics and /health (METRICS_PORT): the outbox backlog and its oldest event's age, a
consumer's queue and dead-letter depth, read at scrape time; readiness follows the loop's connection."""
from __future__ import annotations

import json
import time
import uuid

import pika
import pytest
import requests
from b2b_shared.db.engine import make_session_factory
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope
from b2b_shared.messaging.gauges import OutboxGauges, QueueGauges
from b2b_shared.messaging.relay import OutboxRelay
from b2b_shared.worker_endpoints import serve_worker_endpoints
from mechanism_support import Thing, start
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families


@pytest.fixture
def endpoints():
    servers = []

    def serve(ready, *collectors) -> str:
        registry = CollectorRegistry()
        for collector in collectors:
            registry.register(collector)
        server = serve_worker_endpoints(0, ready, registry, host="127.0.0.1")
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield serve
    for server in servers:
        server.shutdown()


def gauges(url: str) -> dict[str, float]:
    text = requests.get(f"{url}/metrics", timeout=5).text
    return {sample.name: sample.value for family in text_string_to_metric_families(text) for sample in family.samples}


def eventually(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_a_relay_reports_its_backlog_and_is_ready_once_connected(uow_factory, engine, outbox, config, clean_outbox,
                                                                endpoints):
    with uow_factory() as uow:
        for _ in range(3):
            thing = Thing(id=uuid.uuid4(), name="waiting")
            uow.session.add(thing)
            thing.record("thing.created")
        uow.commit()
    time.sleep(0.05)
    relay = OutboxRelay(engine, outbox, config.amqp_url, config.events_exchange, config.outbox_channel,
                        poll_seconds=0.2)
    url = endpoints({"broker_and_database": relay.connected.is_set}, OutboxGauges(engine, outbox))
    assert requests.get(f"{url}/health/live", timeout=5).status_code == 200
    assert requests.get(f"{url}/health/ready", timeout=5).status_code == 503  # not connected yet
    before = gauges(url)
    assert before["outbox_unsent_events"] == 3 and before["outbox_oldest_unsent_age_seconds"] > 0

    start(relay)
    try:
        assert eventually(lambda: requests.get(f"{url}/health/ready", timeout=5).status_code == 200)
        assert eventually(lambda: gauges(url)["outbox_unsent_events"] == 0)
        assert gauges(url)["outbox_oldest_unsent_age_seconds"] == 0
    finally:
        relay.stopping.set()


def test_a_consumer_reports_its_queue_and_dead_letters(config, engine, inbox, queue_name, amqp_url, endpoints):
    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": lambda s, e: None},
                        make_session_factory(engine), inbox)
    consumer.declare()
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for _ in range(3):
        body = json.dumps(make_envelope("thing.happened", "/test", str(uuid.uuid4()), {}, None)).encode()
        channel.basic_publish(config.events_exchange, "thing.happened", body)
    connection.close()
    url = endpoints({"queue": consumer.consuming.is_set}, QueueGauges(config.amqp_url, queue_name))
    assert eventually(lambda: gauges(url).get("consumer_queue_messages") == 3)
    assert gauges(url)["consumer_dead_letter_messages"] == 0
    assert requests.get(f"{url}/health/ready", timeout=5).json()["checks"] == {"queue": "unavailable"}

    start(consumer)
    try:
        assert eventually(lambda: requests.get(f"{url}/health/ready", timeout=5).status_code == 200)
        assert eventually(lambda: gauges(url)["consumer_queue_messages"] == 0)
    finally:
        consumer.stop()
