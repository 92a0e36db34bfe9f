"""A server span per request (OpenTelemetry's Flask instrumentation: it continues the caller's
`traceparent`), once tracing is configured for the process (b2b_shared.tracing)."""
from __future__ import annotations

from flask import Flask
from opentelemetry.instrumentation.flask import FlaskInstrumentor

from ..tracing import configure_tracing

# Probes and scrapes every few seconds: no span each.
UNTRACED = "health/live,health/ready,metrics"


def install_traces(app: Flask, service: str) -> None:
    configure_tracing(service)
    FlaskInstrumentor().instrument_app(app, excluded_urls=UNTRACED)
