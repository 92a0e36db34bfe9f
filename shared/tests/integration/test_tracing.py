"""One trace from a request to the consumer that applied its event: the service's server span
continues the caller's traceparent, the event carries it from the outbox (CloudEvents `traceparent`,
and an AMQP header from the relay), and the consumer's span is the request span's child."""
from __future__ import annotations

import json
import time
import uuid

import pika
import pytest
from b2b_shared.db.engine import make_session_factory
from b2b_shared.http.app import create_base_app
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import CloudEvent
from b2b_shared.messaging.relay import OutboxRelay
from b2b_shared.tracing import configure_tracing, export_spans
from flask_smorest import Blueprint
from mechanism_support import Thing, start
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select

CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{CLIENT_TRACE}-00f067aa0ba902b7-01"


@pytest.fixture(scope="module")
def spans():
    configure_tracing("shared-tests")  # a no-op when an app of this session configured it already
    exporter = InMemorySpanExporter()
    export_spans(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture
def app(uow_factory):
    blueprint = Blueprint("traced", __name__, url_prefix="/api/v1/traced")

    @blueprint.route("", methods=["POST"])
    def create():
        with uow_factory() as uow:
            thing = Thing(id=uuid.uuid4(), name="traced")
            uow.session.add(thing)
            thing.record("thing.created")
            uow.commit()
        return {"id": str(thing.id)}, 201

    return create_base_app("traced.app", "Traced API", [blueprint], {})


def test_the_event_of_a_request_carries_its_trace_to_the_broker_and_the_consumer(
        app, spans, engine, outbox, config, inbox, clean_outbox, amqp_url, queue_name):
    thing_id = app.test_client().post("/api/v1/traced", headers={"traceparent": TRACEPARENT}).json["id"]
    [server_span] = [span for span in spans.get_finished_spans() if span.kind == trace.SpanKind.SERVER]
    assert format(server_span.context.trace_id, "032x") == CLIENT_TRACE  # the caller's trace goes on

    with engine.connect() as db:
        envelope = db.scalar(select(outbox.c.envelope).where(outbox.c.subject == thing_id))
    assert envelope["traceparent"] == f"00-{CLIENT_TRACE}-{server_span.context.span_id:016x}-01"

    properties = relayed_properties(engine, outbox, config, amqp_url, queue_name)
    assert properties.headers == {"traceparent": envelope["traceparent"]}

    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.created": lambda s, e: None},
                        make_session_factory(engine), inbox)
    assert consumer.process(CloudEvent.from_json(json.dumps(envelope).encode())) == "applied"
    [applied] = [span for span in spans.get_finished_spans() if span.name == "apply thing.created"]
    assert applied.context.trace_id == server_span.context.trace_id
    assert applied.parent.span_id == server_span.context.span_id


def relayed_properties(engine, outbox, config, amqp_url, queue_name) -> pika.BasicProperties:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(config.events_exchange, "topic", durable=True)
    channel.queue_declare(queue_name, durable=True)
    channel.queue_bind(queue_name, config.events_exchange, "thing.created")
    relay = OutboxRelay(engine, outbox, config.amqp_url, config.events_exchange, config.outbox_channel,
                        poll_seconds=0.2)
    start(relay)
    try:
        deadline = time.monotonic() + 10
        while (message := channel.basic_get(queue_name, auto_ack=True))[0] is None:
            assert time.monotonic() < deadline, "the relay sent nothing"
            connection.sleep(0.05)
        return message[1]
    finally:
        relay.stopping.set()
        connection.close()
