"""The request id of the work in progress: set by the HTTP layer or the consumer, read by logs and events."""
from __future__ import annotations

import secrets
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(request_id: str | None) -> str:
    """Bind the given id (or a new one: 32 random hex digits) for this request or message; every log
    line written meanwhile carries it (logging.py, `with_request_id`)."""
    request_id = request_id or secrets.token_hex(16)
    _request_id.set(request_id)
    return request_id


def clear_request_id() -> None:
    _request_id.set(None)


def with_request_id(_logger, _method, event: dict) -> dict:
    """structlog processor: the request id, inside a request or a message. Read from the one
    ContextVar rather than bound into structlog's own, which would need a bind and a clear (a
    walk of every context variable) per request."""
    request_id = _request_id.get()
    if request_id is not None:
        event.setdefault("request_id", request_id)
    return event
