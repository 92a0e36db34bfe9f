"""One JSON line per request, as an access log: method, route template (not the raw path, so ids
do not make every line unique), status, duration, the caller's id and kind; the request id comes
from the logging context. gunicorn's own access log stays off (deploy/gunicorn.conf.py)."""
from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, g, request

from ..logging import get_logger

log = get_logger("http.access")


def _principal() -> tuple[str | None, str | None]:
    """The caller a service identified (only when the route asked who it is): id and kind."""
    principal = g.get("principal")
    return (principal.subject, principal.kind) if principal is not None else (None, None)


def install_request_log(app: Flask, caller: Callable[[], tuple[str | None, str | None]] = _principal) -> None:
    @app.before_request
    def _start() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _log(response):
        started = g.get("request_started")
        caller_id, caller_kind = caller()
        log.info("http.request", method=request.method,
                 route=request.url_rule.rule if request.url_rule else "unmatched", status=response.status_code,
                 duration_ms=round((time.perf_counter() - started) * 1000, 2) if started else None,
                 caller=caller_id, caller_kind=caller_kind)
        return response
