"""OpenTelemetry traces across the suite: one trace from the gateway through a service, its outbox
and the relay, to the consumer that applied the event.

- Every process keeps an SDK tracer provider, so spans and their ids exist (and reach the logs,
  logging.py) whether or not anything collects them. Exporting is off unless the standard
  variables ask for it: OTEL_TRACES_EXPORTER=otlp or OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, with the
  rest of OTEL_* read by the exporter itself. A process that exports nothing records nothing
  either (its spans are not sampled): the ids still flow through logs, requests and events, but no
  span's attributes are gathered for nobody (a third of a span's cost, bench/gateway_rps.py).
- Across HTTP the W3C `traceparent` header carries the context (the Flask instrumentation reads it;
  the gateway writes it upstream). Across the broker, the event envelope carries it as the
  CloudEvents distributed-tracing attribute `traceparent` (written with the outbox row, so the
  context is the request's, not the relay's) and the relay copies it into an AMQP header.
"""
from __future__ import annotations

import os

from opentelemetry import context, propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, Sampler, SamplingResult, _get_from_env_or_default
from opentelemetry.trace import Status, StatusCode

_configured = False


def configure_tracing(service: str, exporter: SpanExporter | None = None) -> None:
    """Once per process; `exporter` is for tests (an in-memory one)."""
    global _configured
    if _configured:
        return
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service)})
    trace.set_tracer_provider(TracerProvider(resource=resource, sampler=_SAMPLER))
    _configured = True
    exporter = exporter or _configured_exporter()
    if exporter is not None:
        export_spans(BatchSpanProcessor(exporter))


def export_spans(processor: SpanProcessor) -> None:
    """From now on, spans are sampled (as OTEL_TRACES_SAMPLER says) and handed to `processor`."""
    trace.get_tracer_provider().add_span_processor(processor)
    _SAMPLER.exporting = True


class _SampledWhenExported(Sampler):
    """The standard sampler (OTEL_TRACES_SAMPLER; parent-based, always on by default) once spans
    are exported; before that, none: nobody would see what a recorded span gathers."""

    def __init__(self):
        self.exporting = False
        self._standard = _get_from_env_or_default()

    def should_sample(self, *args, **kwargs) -> SamplingResult:
        return (self._standard if self.exporting else ALWAYS_OFF).should_sample(*args, **kwargs)

    def get_description(self) -> str:
        return f"SampledWhenExported{{{self._standard.get_description()}}}"


_SAMPLER = _SampledWhenExported()


def _configured_exporter() -> SpanExporter | None:
    wanted = os.environ.get("OTEL_TRACES_EXPORTER", "").lower()
    endpoint = os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    if wanted == "none" or not (wanted == "otlp" or endpoint):
        return None
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


_tracer: trace.Tracer | None = None


def tracer() -> trace.Tracer:
    """The suite's tracer, got once: a proxy until configure_tracing has run, the SDK's from then on."""
    global _tracer
    if _tracer is None:
        _tracer = trace.get_tracer("b2b")
    return _tracer


def current_traceparent() -> str | None:
    """The W3C traceparent of the current span, for an event written now (None outside any span)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def inject_into(headers: dict[str, str]) -> None:
    """Adds `traceparent` (and `tracestate`) for a request made now to another service."""
    propagate.inject(headers)


class span_following:  # noqa: N801 - used as a function: `with span_following(...) as span`
    """A consumer span whose parent is the request that wrote the event (when it says which),
    current inside the block; an exception that escapes it is recorded on the span, as
    start_as_current_span does. A class rather than that method's layers of generator-based context
    managers: the consumer opens one per event (bench/consumer_throughput.py)."""

    __slots__ = ("_name", "_parent", "_attributes", "_span", "_token")

    def __init__(self, traceparent: str | None, name: str, **attributes):
        self._name, self._attributes = name, attributes
        self._parent = propagate.extract({"traceparent": traceparent}) if traceparent else None  # None: current

    def __enter__(self) -> trace.Span:
        self._span = tracer().start_span(self._name, context=self._parent, kind=trace.SpanKind.CONSUMER,
                                         attributes=self._attributes)
        self._token = context.attach(trace.set_span_in_context(self._span))
        return self._span

    def __exit__(self, error_type, error, _traceback) -> bool:
        try:
            if error is not None and self._span.is_recording():
                self._span.record_exception(error)
                self._span.set_status(Status(StatusCode.ERROR, f"{error_type.__name__}: {error}"))
        finally:
            self._span.end()
            context.detach(self._token)
        return False


def log_ids(_logger, _method, event: dict) -> dict:
    """structlog processor: the current trace and span ids on every line written inside a span."""
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        event["trace_id"] = format(span_context.trace_id, "032x")
        event["span_id"] = format(span_context.span_id, "016x")
    return event
