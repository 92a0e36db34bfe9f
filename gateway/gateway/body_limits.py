"""How big a request body may be: `MAX_BODY_BYTES` (1 MiB by default), or `MAX_UPLOAD_BYTES` (100 MiB)
on the upload paths. Over the limit is a 413 problem, decided before the body is read:

- a `Content-Length` over the limit is refused at once;
- a chunked body has no length up front: its stream is capped one byte past the limit, and
  `read_body` refuses it once that byte arrives. (werkzeug stops a capped stream silently at the cap,
  so a cap at the limit itself would forward a cut body; the extra byte tells "too long" apart from
  "exactly the limit".) The proxy reads such a body whole before sending anything upstream, so an
  over-long chunked body never reaches a service.

A body the gateway did not read (413, but also 401, 429, ...) is not drained either: the connection
closes after the answer. gunicorn would otherwise discard the rest before reading the next request
on the connection, and under gevent a client that keeps sending fast never lets that greenlet
yield: one such client would stall every other connection of the worker. gunicorn ignores a
`Connection: close` set by the app, so `CloseWhenAsked` tells gunicorn's response object itself.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, Request, Response, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from .config import GatewayConfig
from .routes import UPLOAD_PREFIXES

CLOSE = "b2b.close_connection"  # environ key: close the connection after this answer


def install_body_limits(app: Flask, config: GatewayConfig) -> None:
    @app.before_request
    def limit_body() -> None:
        current = request._get_current_object()  # not a proxy per attribute
        g.body_limit = limit = config.max_upload_bytes if current.path.startswith(UPLOAD_PREFIXES) \
            else config.max_body_bytes
        current.max_content_length = limit + 1  # caps the stream, before anything has touched it
        if (current.content_length or 0) > limit:
            raise _too_large()

    @app.after_request
    def close_if_body_unread(response: Response) -> Response:
        current = request._get_current_object()
        if has_body(current) and not g.get("body_consumed"):
            response.headers["Connection"] = "close"  # werkzeug's server closes on it; gunicorn drops it
            current.environ[CLOSE] = True
        return response

    app.wsgi_app = CloseWhenAsked(app.wsgi_app)


def read_body(request: Request) -> bytes | None:
    """The whole body (None for a request without one: most are GETs, and nothing need be read), or
    413 when it is longer than this request's limit."""
    if not has_body(request):
        return None
    body = request.get_data()
    if len(body) > g.body_limit:
        raise _too_large()
    body_consumed()
    return body


def body_consumed() -> None:
    """The body was read to its end (by `read_body`, or streamed upstream by the proxy)."""
    g.body_consumed = True


def has_body(request: Request) -> bool:
    return bool(request.content_length) or "chunked" in request.environ.get("HTTP_TRANSFER_ENCODING", "").lower()


class CloseWhenAsked:
    """WSGI middleware: when the app asked (environ[CLOSE]), make gunicorn close the connection after
    the answer, through the `force_close` of the response object whose `start_response` we are given."""

    def __init__(self, wsgi_app: Callable):
        self._wsgi_app = wsgi_app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        def start(status, headers, exc_info=None):
            force_close = getattr(getattr(start_response, "__self__", None), "force_close", None)
            if environ.get(CLOSE) and force_close is not None:
                force_close()
            return start_response(status, headers, exc_info)
        return self._wsgi_app(environ, start)


def _too_large() -> RequestEntityTooLarge:
    return RequestEntityTooLarge(f"The body may be at most {g.body_limit} bytes.")
