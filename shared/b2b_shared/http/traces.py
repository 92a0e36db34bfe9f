"""A server span per request that continues the caller's W3C `traceparent`, once tracing is
configured for the process (b2b_shared.tracing): the span is current while the request is handled
(its ids reach every log line, the outbox and the gateway's upstream request) and ends when the
request is torn down (after a streamed body's last chunk).

Written here rather than with OpenTelemetry's Flask instrumentation, which does the same but also
collects the request's attributes twice, counts active requests and durations with the metrics API
(we have Prometheus for that: http/metrics.py) and sets SQL-commenter context: about 0.3 ms of CPU
per request, a third of what the gateway spends on one (bench/gateway_rps.py). The span is named
and described as the OpenTelemetry HTTP semantic conventions say: `GET /api/v1/customers/<id>`
(method and route template), kind SERVER, `http.request.method`, `url.path`, `url.scheme`,
`http.route`, `http.response.status_code`, `client.address`, `user_agent.original`; a 5xx or an
unhandled exception marks it as an error.
"""
from __future__ import annotations

from contextvars import ContextVar

from flask import Flask, request
from opentelemetry import context, propagate, trace
from opentelemetry.propagators.textmap import Getter
from opentelemetry.trace import SpanKind, Status, StatusCode

from ..tracing import configure_tracing

# Probes and scrapes every few seconds: no span each.
UNTRACED = frozenset({"/health/live", "/health/ready", "/metrics"})


class _EnvironGetter(Getter):
    """Reads propagation headers (`traceparent`, `tracestate`, `baggage`) from a WSGI environ."""

    def get(self, carrier: dict, key: str) -> list[str] | None:
        value = carrier.get("HTTP_" + key.upper().replace("-", "_"))
        return [value] if value is not None else None

    def keys(self, carrier: dict) -> list[str]:
        return [key[5:].lower().replace("_", "-") for key in carrier if key.startswith("HTTP_")]


_ENVIRON = _EnvironGetter()
# The request's server span and the token that made it current; a context variable rather than
# Flask's `g`, whose every use goes through a proxy (some 7,000 instructions each; issue 12).
_SERVER_SPAN: ContextVar[tuple | None] = ContextVar("b2b_server_span", default=None)


def install_traces(app: Flask, service: str) -> None:
    """Install first, so that the span is current for every other hook and ends after them."""
    configure_tracing(service)
    tracer = trace.get_tracer("b2b.http")

    @app.before_request
    def _start_span() -> None:
        current = request._get_current_object()  # once, not through the proxy at every attribute
        path = current.path
        if path in UNTRACED:
            _SERVER_SPAN.set(None)  # as a fresh `g` would be, whatever this thread served before
            return
        environ, method = current.environ, current.method
        rule = current.url_rule.rule if current.url_rule is not None else None
        span = tracer.start_span(f"{method} {rule}" if rule else method,
                                 context=propagate.extract(environ, getter=_ENVIRON), kind=SpanKind.SERVER)
        if span.is_recording():  # the attributes only for a span that something will export
            span.set_attributes(_attributes(current, method, path, rule))
        _SERVER_SPAN.set((span, context.attach(trace.set_span_in_context(span))))

    @app.after_request
    def _status(response):
        traced = _SERVER_SPAN.get()
        if traced is not None:
            traced[0].set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                traced[0].set_status(Status(StatusCode.ERROR))
        return response

    @app.teardown_request
    def _end_span(error: BaseException | None) -> None:
        traced = _SERVER_SPAN.get()
        if traced is None:
            return
        _SERVER_SPAN.set(None)
        span, token = traced
        if error is not None:
            span.record_exception(error)
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
        span.end()
        context.detach(token)


def _attributes(current, method: str, path: str, rule: str | None) -> dict[str, str]:
    environ = current.environ
    attributes = {"http.request.method": method, "url.path": path, "url.scheme": environ.get("wsgi.url_scheme", "http"),
                  "client.address": current.remote_addr or ""}
    if rule is not None:
        attributes["http.route"] = rule
    if user_agent := environ.get("HTTP_USER_AGENT"):
        attributes["user_agent.original"] = user_agent
    return attributes
