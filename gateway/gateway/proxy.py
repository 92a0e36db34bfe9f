"""Forward one request to its upstream over a pooled, time-limited connection, streaming both ways
back to the client. A service that is down, refuses or is slow becomes a problem (503/502/504);
the gateway never hangs on it."""
from __future__ import annotations

import urllib3
from b2b_shared.context import current_request_id
from b2b_shared.http.problems import problem
from b2b_shared.http.request_id import HEADER as REQUEST_ID
from flask import Request, Response, stream_with_context
from urllib3.exceptions import HTTPError, NewConnectionError, ProtocolError, ReadTimeoutError

from .body_limits import body_consumed, read_body
from .config import GatewayConfig

# RFC 9110 section 7.6.1: connection-specific headers are not forwarded.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length"}
REWRITTEN = {REQUEST_ID.lower(), "x-forwarded-for"}
# Headers a client could use to claim an identity to a service that (wrongly) believed them: only the
# bearer token says who the caller is, so these never pass.
IDENTITY_HEADERS = {"x-user-id", "x-customer-id", "x-roles", "x-principal", "x-forwarded-user", "x-remote-user"}
IDENTITY_PREFIXES = ("x-auth-", "x-authenticated-")
CHUNK = 64 * 1024
# Bodies up to this size are read whole (cheap, and a chunked body is then known to fit the limit
# before a byte goes upstream); longer ones have a Content-Length and are streamed (uploads).
BUFFERED_BODY = 1024 * 1024


class Upstreams:
    def __init__(self, config: GatewayConfig):
        self._urls = config.service_urls
        self._pool = urllib3.PoolManager(
            maxsize=config.pool_size, block=False, retries=False,
            timeout=urllib3.Timeout(connect=config.connect_timeout, read=config.read_timeout),
        )

    def forward(self, service: str, request: Request, path: str | None = None) -> Response:
        """`request` to `service`, at its own path and query or at `path`."""
        url = self._urls[service] + (path or request.full_path.rstrip("?"))
        headers = _forwarded_headers(request)
        body = _body(request, headers)
        try:
            upstream = self._pool.request(request.method, url, body=body, headers=headers,
                                          preload_content=False, redirect=False)
            body_consumed()  # a streamed body has been sent upstream to its end
        except ReadTimeoutError:
            return problem(504, "Gateway Timeout", f"The {service} service did not answer in time.")
        except (NewConnectionError, ProtocolError, HTTPError):
            return problem(503, "Service Unavailable", f"The {service} service is not reachable; try again shortly.",
                           headers={"Retry-After": "5"})
        return _relay(service, upstream)

    def get(self, service: str, path: str, timeout: float = 2.0):
        return self._pool.request("GET", self._urls[service] + path, timeout=timeout)


def _forwarded_headers(request: Request) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if _passes(k.lower())}
    headers[REQUEST_ID] = current_request_id() or ""
    forwarded = request.headers.get("X-Forwarded-For")
    headers["X-Forwarded-For"] = f"{forwarded}, {request.remote_addr}" if forwarded else request.remote_addr or ""
    return headers


def _passes(name: str) -> bool:
    return not (name in HOP_BY_HOP or name in REWRITTEN or name in IDENTITY_HEADERS
                or name.startswith(IDENTITY_PREFIXES))


def _body(request: Request, headers: dict[str, str]):
    length = request.content_length
    if length is None or length <= BUFFERED_BODY:
        return read_body(request)
    headers["Content-Length"] = str(length)
    return request.stream


def _relay(service: str, upstream) -> Response:
    headers = [(k, v) for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP]
    length = upstream.headers.get("Content-Length")
    if length is not None and int(length) <= CHUNK:
        # Most answers are one small JSON document: read it whole and hand it on, which costs
        # less per request than a streamed response (bench/gateway_rps.py).
        body = upstream.read()
        upstream.release_conn()
        return Response(body, status=upstream.status, headers=headers)

    def body():
        try:
            yield from upstream.stream(CHUNK)
        except (ReadTimeoutError, ProtocolError):
            return  # the status line is sent; a cut stream is all the client can be told now
        finally:
            upstream.release_conn()

    return Response(stream_with_context(body()), status=upstream.status, headers=headers)
