"""Take the request id from `X-Request-ID` (or make one), log with it, echo it, pass it on."""
from __future__ import annotations

from flask import Flask, request

from ..context import bind_request_id, clear_request_id, current_request_id

HEADER = "X-Request-ID"


def install_request_id(app: Flask) -> None:
    @app.before_request
    def _bind() -> None:
        incoming = request.headers.get(HEADER, "")
        bind_request_id(incoming if 0 < len(incoming) <= 200 else None)

    @app.after_request
    def _echo(response):
        response.headers[HEADER] = current_request_id() or ""
        return response

    @app.teardown_request
    def _clear(_error) -> None:
        clear_request_id()
