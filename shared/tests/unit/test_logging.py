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
