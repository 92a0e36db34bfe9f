"""JSON logs through structlog; the request id rides in a context variable into every line.

Standard-library loggers (Alembic, gunicorn's error log, pika, libraries) go through structlog's
ProcessorFormatter, so that every line a process writes is one JSON object, whoever wrote it."""
from __future__ import annotations

import logging
import sys

import structlog

from .context import with_request_id
from .tracing import log_ids

# What every line carries, whether structlog or the standard library wrote it.
_SHARED = [
    structlog.contextvars.merge_contextvars,
    with_request_id,  # inside a request or while a message is applied (context.py)
    log_ids,  # trace_id and span_id, inside a span
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "INFO") -> None:
    level = level.upper()
    _route_standard_library(level)
    structlog.configure(
        processors=[*_SHARED, structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(),
        cache_logger_on_first_use=True,
    )


def json_formatter() -> logging.Formatter:
    """Renders standard-library records as our JSON lines (gunicorn's too: stdout_handler)."""
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_SHARED, structlog.stdlib.add_logger_name],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
    )


class _JsonToStdout(logging.StreamHandler):
    """Writes to whatever sys.stdout is at the time (test runners swap it)."""

    def __init__(self):
        super().__init__(sys.stdout)
        self.setFormatter(json_formatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stdout
        super().emit(record)


def stdout_handler() -> logging.Handler:
    """The root logger's one handler. gunicorn's master installs it from deploy/gunicorn.conf.py;
    configure_logging, run again in every worker when the app is built, replaces it rather than
    adding a second one, so that a standard-library line is written once, not twice."""
    return _JsonToStdout()


def _route_standard_library(level: str) -> None:
    root = logging.getLogger()
    for ours in [handler for handler in root.handlers if isinstance(handler, _JsonToStdout)]:
        root.removeHandler(ours)  # configured again: one handler, not two
    root.addHandler(_JsonToStdout())
    root.setLevel(level)
    logging.getLogger("pika").setLevel(logging.WARNING)  # pika narrates every connection at INFO
    # pika warns of every returned (unroutable) message; the relay counts and logs those itself.
    logging.getLogger("pika.adapters.blocking_connection").setLevel(logging.ERROR)
    # Alembic lists its plugins at INFO whenever it is imported (every web process, every migration).
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def get_logger(name: str):
    return structlog.get_logger(name)
