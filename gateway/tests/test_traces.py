"""One request followed in one trace from the gateway to the service: the gateway's server span
continues the caller's `traceparent`, the gateway passes its own context upstream, and the
service's server span is that context's child. Both apps run in this process, each on a real HTTP
server, their spans caught by an in-memory exporter."""
from __future__ import annotations

import time

import pytest
import requests
from b2b_shared.db.engine import make_engine
from b2b_shared.testing.identity import Identities, SigningKeys
from b2b_shared.testing.servers import migrated_database
from b2b_shared.tracing import configure_tracing, export_spans
from customers.service import SERVICE as CUSTOMERS
from gateway.app import create_app
from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c"
CLIENT_SPAN = "b7ad6b7169203331"


@pytest.fixture(scope="module")
def spans():
    configure_tracing("gateway-tests")  # a no-op when an app of this session configured it already
    exporter = InMemorySpanExporter()
    export_spans(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture(scope="module")
def signing():
    return SigningKeys()


@pytest.fixture(scope="module")
def customers_app(postgres_url, amqp_url, events_exchange, signing):
    """The real customers app on a migrated database of its own; the traceparent each request
    brought is kept in `app.received_traceparents`."""
    with migrated_database(postgres_url, CUSTOMERS.name, CUSTOMERS.migrations) as database_url:
        config = CUSTOMERS.load_config().with_(database_url=database_url, amqp_url=amqp_url,
                                               events_exchange=events_exchange, jwks_url=signing.jwks_url)
        app = CUSTOMERS.create_app(config)
        app.received_traceparents = received = []
        wsgi_app = app.wsgi_app

        def recording(environ, start_response):
            received.append(environ.get("HTTP_TRACEPARENT"))
            return wsgi_app(environ, start_response)

        app.wsgi_app = recording
        engine = make_engine(database_url, 2)
        app.administrator = Identities(signing, engine).staff("administrator")
        yield app
        engine.dispose()


def finished(spans: InMemorySpanExporter, trace_id: str, count: int, timeout: float = 5.0) -> list:
    """The server spans of `trace_id` once `count` have ended (a span ends after its response is sent)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [span for span in spans.get_finished_spans()
                 if format(span.context.trace_id, "032x") == trace_id and span.kind == trace.SpanKind.SERVER]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def traced_request(gateway_url: str, app, headers: dict) -> str:
    """GET through the gateway; the traceparent the service received from the gateway."""
    app.received_traceparents.clear()
    response = requests.get(f"{gateway_url}/api/v1/customers?limit=1", headers={**app.administrator, **headers},
                            timeout=10)
    assert response.status_code == 200, response.text
    [outgoing] = app.received_traceparents
    return outgoing


def gateway_and_service_spans(spans, trace_id: str):
    server_spans = finished(spans, trace_id, 2)
    [gateway_span] = [span for span in server_spans if span.attributes.get("http.route", "").startswith("/api/v1/<")]
    [service_span] = [span for span in server_spans if span.attributes.get("http.route") == "/api/v1/customers"]
    return gateway_span, service_span


def assert_service_span_is_child_of(outgoing: str, gateway_span, service_span) -> None:
    version, trace_id, parent, flags = outgoing.split("-")  # one well-formed W3C traceparent
    assert version == "00" and int(flags, 16) & 1  # sampled
    # What the gateway sent upstream names its own server span ...
    assert (trace_id, parent) == (format(gateway_span.context.trace_id, "032x"),
                                  format(gateway_span.context.span_id, "016x"))
    # ... and the service's server span is that span's child, in the same trace.
    assert service_span.context.trace_id == gateway_span.context.trace_id
    assert service_span.parent.is_remote and service_span.parent.span_id == gateway_span.context.span_id
    assert service_span.attributes["http.response.status_code"] == 200
    assert gateway_span.attributes["http.response.status_code"] == 200


@pytest.fixture
def gateway_url(customers_app, serve, config_for, signing) -> str:
    """The gateway in front of the real customers app (both served over HTTP here)."""
    return serve(create_app(config_for({"customers": serve(customers_app)}, jwks_url=signing.jwks_url)))


def test_the_gateways_server_span_is_the_parent_of_the_services_server_span(spans, customers_app, gateway_url):
    outgoing = traced_request(gateway_url, customers_app, {})
    gateway_span, service_span = gateway_and_service_spans(spans, outgoing.split("-")[1])
    assert gateway_span.parent is None  # the caller sent no traceparent: the trace starts at the gateway
    assert_service_span_is_child_of(outgoing, gateway_span, service_span)


def test_a_callers_trace_goes_on_through_the_gateway_to_the_service(spans, customers_app, gateway_url):
    outgoing = traced_request(gateway_url, customers_app, {"traceparent": f"00-{CLIENT_TRACE}-{CLIENT_SPAN}-01",
                                                           "tracestate": "vendor=opaque"})
    gateway_span, service_span = gateway_and_service_spans(spans, CLIENT_TRACE)
    assert gateway_span.parent.is_remote and format(gateway_span.parent.span_id, "016x") == CLIENT_SPAN
    assert_service_span_is_child_of(outgoing, gateway_span, service_span)
    assert dict(service_span.parent.trace_state) == {"vendor": "opaque"}  # the caller's tracestate, once
