"""Every line a process writes is one JSON object, whether structlog or a standard-library logger
(Alembic, gunicorn, pika) wrote it."""
from __future__ import annotations

import json
import logging

import structlog
from b2b_shared.logging import configure_logging, get_logger


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
