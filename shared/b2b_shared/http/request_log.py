"""One JSON line per request, as an access log: method, route template (not the raw path, so ids
do not make every line unique), status, duration, the caller's id and kind; the request id comes
from the logging context. gunicorn's own access log stays off (deploy/gunicorn.conf.py)."""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, g, request

from ..logging import get_logger
from .clock import seconds_since_start

log = get_logger("http.access")


def _principal() -> tuple[str | None, str | None]:
    """The caller a service identified (only when the route asked who it is): id and kind."""
    principal = g.get("principal")
    return (principal.subject, principal.kind) if principal is not None else (None, None)


def install_request_log(app: Flask, caller: Callable[[], tuple[str | None, str | None]] = _principal) -> None:
    @app.after_request
    def _log(response):
        if not log.is_enabled_for(logging.INFO):
            return response  # LOG_LEVEL above INFO: no line to gather the fields of
        current = request._get_current_object()  # once, not through the proxy at every attribute
        seconds = seconds_since_start(current.environ)
        caller_id, caller_kind = caller()
        log.info("http.request", method=current.method,
                 route=current.url_rule.rule if current.url_rule else "unmatched", status=response.status_code,
                 duration_ms=round(seconds * 1000, 2) if seconds is not None else None,
                 caller=caller_id, caller_kind=caller_kind)
        return response
