"""The request id of the work in progress: set by the HTTP layer or the consumer, read by logs and events."""
from __future__ import annotations

import uuid
from contextvars import ContextVar

import structlog

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(request_id: str | None) -> str:
    """Bind the given id (or a new one) for this request or message, in logs too."""
    request_id = request_id or uuid.uuid4().hex
    _request_id.set(request_id)
    structlog.contextvars.bind_contextvars(request_id=request_id)
    return request_id


def clear_request_id() -> None:
    _request_id.set(None)
    structlog.contextvars.clear_contextvars()
