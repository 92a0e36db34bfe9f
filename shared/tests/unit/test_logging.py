"""Every line a process writes is one JSON object, whether structlog or a standard-library logger
(Alembic, gunicorn, pika) wrote it."""
from __future__ import annotations

import ast
import json
import logging
import logging.config
from pathlib import Path

import structlog
from b2b_shared.logging import configure_logging, get_logger

GUNICORN_CONF = Path(__file__).resolve().parents[3] / "deploy" / "gunicorn.conf.py"


def lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_standard_library_and_structlog_lines_are_both_json(capsys):
    configure_logging("INFO")
    configure_logging("INFO")  # twice, as a test session may: still one line per record
    try:
        structlog.contextvars.bind_contextvars(request_id="r-1")
        logging.getLogger("alembic.runtime.migration").info("Running upgrade %s -> %s", "0001", "0002")
        get_logger("ours").info("relay.connected", channel="outbox_customers")
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("library").exception("it failed")
        alembic, ours, failure = lines(capsys)
    finally:
        structlog.contextvars.clear_contextvars()
        structlog.reset_defaults()
        logging.getLogger().handlers = [h for h in logging.getLogger().handlers if type(h).__name__ != "_JsonToStdout"]
    assert alembic["event"] == "Running upgrade 0001 -> 0002"
    assert (alembic["logger"], alembic["level"], alembic["request_id"]) == ("alembic.runtime.migration", "info", "r-1")
    assert "timestamp" in alembic
    assert ours["event"] == "relay.connected" and ours["channel"] == "outbox_customers"
    assert failure["level"] == "error" and "ValueError: boom" in failure["exception"]


def test_each_request_writes_one_access_line_with_its_route_status_and_request_id(capsys):
    from b2b_shared.http.app import create_base_app
    from flask_smorest import Blueprint

    blueprint = Blueprint("things", __name__, url_prefix="/things")

    @blueprint.route("/<int:thing_id>")
    def thing(thing_id):
        return {"id": thing_id}

    configure_logging("INFO")
    try:
        app = create_base_app("logged", "Logged API", [blueprint], {})
        capsys.readouterr()
        app.test_client().get("/things/7", headers={"X-Request-ID": "req-7"})
        access = [line for line in lines(capsys) if line["event"] == "http.request"]
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers = [h for h in logging.getLogger().handlers if type(h).__name__ != "_JsonToStdout"]
    assert len(access) == 1
    assert {key: access[0][key] for key in ("method", "route", "status", "request_id", "caller")} == {
        "method": "GET", "route": "/things/<int:thing_id>", "status": 200, "request_id": "req-7", "caller": None}
    assert access[0]["duration_ms"] >= 0


def test_every_line_written_inside_a_request_carries_the_trace_and_span_ids_of_its_server_span(capsys):
    from b2b_shared.http.app import create_base_app
    from b2b_shared.tracing import configure_tracing, export_spans
    from flask_smorest import Blueprint
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    configure_tracing("logging-tests")  # a no-op when an app of this session configured it already
    spans = InMemorySpanExporter()
    export_spans(SimpleSpanProcessor(spans))
    client_trace = "5bf92f3577b34da6a3ce929d0e0e4736"
    blueprint = Blueprint("traced_things", __name__, url_prefix="/traced-things")

    @blueprint.route("/<int:thing_id>")
    def thing(thing_id):
        get_logger("ours").info("thing.read", thing_id=thing_id)
        logging.getLogger("library").warning("a library's line")
        return {"id": thing_id}

    configure_logging("INFO")
    try:
        app = create_base_app("traced", "Traced API", [blueprint], {})
        capsys.readouterr()
        response = app.test_client().get("/traced-things/7",
                                          headers={"traceparent": f"00-{client_trace}-00f067aa0ba902b7-01"})
        get_logger("ours").info("after.the.request")
        written = lines(capsys)
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers = [h for h in logging.getLogger().handlers if type(h).__name__ != "_JsonToStdout"]
    assert response.status_code == 200
    [server_span] = [span for span in spans.get_finished_spans() if span.name == "GET /traced-things/<int:thing_id>"]
    assert format(server_span.context.trace_id, "032x") == client_trace
    by_event = {line["event"]: line for line in written}
    for event in ("thing.read", "a library's line", "http.request"):  # ours, the standard library's, the access line
        assert (by_event[event]["trace_id"], by_event[event]["span_id"]) == (
            client_trace, format(server_span.context.span_id, "016x")), event
    assert "trace_id" not in by_event["after.the.request"] and "span_id" not in by_event["after.the.request"]


def gunicorn_logconfig() -> dict:
    """deploy/gunicorn.conf.py's `logconfig_dict`, read without running the file (it sets the
    Prometheus multiprocess directory for the whole process)."""
    [value] = [node.value for node in ast.parse(GUNICORN_CONF.read_text()).body
               if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ["logconfig_dict"]]
    return ast.literal_eval(value)


def test_under_gunicorn_a_standard_library_line_of_a_worker_is_written_once(capsys):
    """gunicorn's master installs its logging config, then each worker builds the app, which
    configures logging again: the root logger must still have one handler, not two."""
    root, error_log = logging.getLogger(), logging.getLogger("gunicorn.error")
    saved = root.handlers[:], root.level, error_log.handlers[:], error_log.propagate
    try:
        logging.config.dictConfig(gunicorn_logconfig())  # the master
        logging.getLogger("gunicorn.error").info("Booting worker with pid: 1")
        configure_logging("INFO")  # the worker's app
        logging.getLogger("some.library").warning("a library's warning")
        written = [(line.get("logger"), line["event"]) for line in lines(capsys)]
    finally:
        structlog.reset_defaults()
        root.handlers, root.level, error_log.handlers, error_log.propagate = saved
    assert written == [("gunicorn.error", "Booting worker with pid: 1"), ("some.library", "a library's warning")]
