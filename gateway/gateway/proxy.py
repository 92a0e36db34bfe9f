"""Forward one request to its upstream over a pooled, time-limited connection, streaming both ways
back to the client. A service that is down, refuses or is slow becomes a problem (503/502/504);
the gateway never hangs on it. An answer that breaks off once its status line has gone out breaks
the client's connection too (`UpstreamCut`), so that the client sees a failure, never a clean end."""
from __future__ import annotations

import errno
import itertools

import urllib3
from b2b_shared.context import current_request_id
from b2b_shared.http.problems import problem
from b2b_shared.http.request_id import HEADER as REQUEST_ID
from b2b_shared.logging import get_logger
from b2b_shared.tracing import inject_into
from flask import Request, Response, stream_with_context
from opentelemetry import propagate
from prometheus_client import Counter
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import HTTPError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.util import parse_url

from .body_limits import body_consumed, read_body
from .config import GatewayConfig
from .pools import service_pool

# RFC 9110 section 7.6.1: connection-specific headers are not forwarded.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length"}
# The gateway writes these itself: the request id, the client's address, and the trace context, which
# continues the caller's (traceparent, tracestate, baggage): forwarded as well, a service would see two
# traceparents joined by a comma, read neither and start a trace of its own.
REWRITTEN = {REQUEST_ID.lower(), "x-forwarded-for", *propagate.get_global_textmap().fields}
# Headers a client could use to claim an identity to a service that (wrongly) believed them: only the
# bearer token says who the caller is, so these never pass.
IDENTITY_HEADERS = {"x-user-id", "x-customer-id", "x-roles", "x-principal", "x-forwarded-user", "x-remote-user"}
IDENTITY_PREFIXES = ("x-auth-", "x-authenticated-")
CHUNK = 64 * 1024
# Bodies up to this size are read whole (cheap, and a chunked body is then known to fit the limit
# before a byte goes upstream); longer ones have a Content-Length and are streamed (uploads).
BUFFERED_BODY = 1024 * 1024

STREAMS_CUT = Counter("gateway_upstream_streams_cut_total",
                      "Upstream answers that broke off part-way through their body", ["service"])


class UpstreamCut(ConnectionResetError):
    """Raised into the WSGI server when an upstream's streamed answer breaks off (its connection
    dropped or reset, a chunked body without its last chunk, fewer bytes than its Content-Length, a
    read timeout). The status line is out, so aborting the client's connection is all that is left
    to say, and it must be said: ending the body normally would write the terminating zero-length
    chunk and hand the client a short answer that looks whole.

    A ConnectionResetError with errno ECONNRESET, because that is what both servers treat as "drop
    this connection": gunicorn (base_async.handle) closes the socket and logs at debug level only;
    werkzeug's dev server (run_wsgi, `connection_dropped_errors`) stops without the last chunk. A
    plain exception would do the same but with a traceback per cut in their logs; the gateway logs
    the cut itself, once (`upstream.stream_cut`), and counts it (STREAMS_CUT)."""

    def __init__(self, service: str):
        super().__init__(errno.ECONNRESET, f"the {service} service's answer broke off; connection aborted")


class Upstreams:
    def __init__(self, config: GatewayConfig):
        # One connection pool per service, asked directly: a PoolManager would parse each URL and look
        # its pool up again on every request (bench/gateway_rps.py).
        self._pools: dict[str, tuple[HTTPConnectionPool, str]] = {}
        timeout = urllib3.Timeout(connect=config.connect_timeout, read=config.read_timeout)
        for service, url in config.service_urls.items():
            self._pools[service] = (service_pool(url, config.pool_size, timeout), (parse_url(url).path or "").rstrip("/"))

    def forward(self, service: str, request: Request, path: str | None = None) -> Response:
        """`request` to `service`, at its own path and query or at `path`."""
        pool, prefix = self._pools[service]
        request = request._get_current_object() if hasattr(request, "_get_current_object") else request
        url = prefix + (path or _path_and_query(request))
        headers = _forwarded_headers(request)
        body = _body(request, headers)
        try:
            # enforce_content_length (urllib3 2's default, said here because the cut detection below
            # depends on it): a body shorter than its Content-Length raises instead of ending short.
            upstream = pool.urlopen(request.method, url, body=body, headers=headers, preload_content=False,
                                    redirect=False, assert_same_host=False, enforce_content_length=True)
            body_consumed()  # a streamed body has been sent upstream to its end
        except ReadTimeoutError:
            return problem(504, "Gateway Timeout", f"The {service} service did not answer in time.")
        except (NewConnectionError, ProtocolError, HTTPError):
            return problem(503, "Service Unavailable", f"The {service} service is not reachable; try again shortly.",
                           headers={"Retry-After": "5"})
        return _relay(service, upstream, request)

    def get(self, service: str, path: str, timeout: float = 2.0):
        pool, prefix = self._pools[service]
        return pool.request("GET", prefix + path, timeout=timeout)

    def call(self, service: str, path: str, headers: dict[str, str], timeout: float):
        """A GET of the gateway's own (the customer view's sections), read whole; raises when the
        service cannot be reached or does not answer in time."""
        pool, prefix = self._pools[service]
        return pool.request("GET", prefix + path, headers=headers, timeout=timeout, retries=False)


def _path_and_query(request: Request) -> str:
    """The request's path and query (`request.full_path`), dot segments resolved as a PoolManager
    resolves them (RFC 3986 section 5.2.4); a path without any is taken as it is."""
    query = request.query_string
    target = f"{request.path}?{query.decode()}" if query else request.path
    return parse_url(target).request_uri if "/." in request.path else target


def _forwarded_headers(request: Request) -> dict[str, str]:
    headers = {k: v for k, v in request.headers.items() if _passes(k.lower())}
    headers[REQUEST_ID] = current_request_id() or ""
    inject_into(headers)  # the gateway's span is the service's parent (W3C traceparent)
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


def _relay(service: str, upstream, request: Request) -> Response:
    headers = [(k, v) for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP]
    length = upstream.headers.get("Content-Length")
    try:
        if length is not None and int(length) <= CHUNK:
            # Most answers are one small JSON document: read it whole and hand it on, which costs
            # less per request than a streamed response (bench/gateway_rps.py).
            body = upstream.read()
            upstream.release_conn()
            return Response(body, status=upstream.status, headers=headers)
        # The first chunk before the status goes out: an answer that breaks off this early can
        # still become a problem instead of a broken stream.
        chunks = upstream.stream(CHUNK)
        first = next(chunks, b"")
    except (HTTPError, OSError) as error:  # urllib3 wraps socket errors and IncompleteRead in ProtocolError
        _discard(upstream)
        timed_out = isinstance(error, ReadTimeoutError)
        _Cut(service, request, upstream.status, length).record(error, relayed=0,
                                                               client_sees=504 if timed_out else 502)
        if timed_out:
            return problem(504, "Gateway Timeout", f"The {service} service stopped answering part-way.")
        return problem(502, "Bad Gateway", f"The {service} service's answer broke off; try again shortly.",
                       headers={"Retry-After": "5"})
    cut = _Cut(service, request, upstream.status, length)

    def body():
        relayed, whole = 0, False
        try:
            for chunk in itertools.chain((first,), chunks):
                yield chunk
                relayed += len(chunk)
            whole = True
        except (HTTPError, OSError) as error:
            cut.record(error, relayed=relayed, client_sees="aborted connection")
            raise UpstreamCut(service) from error
        finally:
            if whole:
                upstream.release_conn()
            else:
                _discard(upstream)

    return Response(stream_with_context(body()), status=upstream.status, headers=headers)


def _discard(upstream) -> None:
    """An answer not read to its end (cut, or the client went away) leaves bytes on its connection:
    close it rather than hand the next request a connection that starts mid-body."""
    upstream.close()
    upstream.release_conn()


class _Cut:
    """What to log and count when `service`'s answer to the request breaks off."""

    def __init__(self, service: str, request: Request, status: int, length: str | None):
        # Taken now: the request's context (and its request id) is torn down before the body streams.
        self._fields = {"service": service, "method": request.method, "path": request.path, "upstream_status": status,
                        "content_length": int(length) if length is not None else None,
                        "request_id": current_request_id()}

    def record(self, error: BaseException, relayed: int, client_sees: int | str) -> None:
        STREAMS_CUT.labels(self._fields["service"]).inc()
        # A fresh logger rather than a module-level one cached on first use, so that the line goes to
        # the sys.stdout of now (as b2b_shared.logging's standard-library handler does); cuts are rare.
        get_logger(__name__).warning("upstream.stream_cut", **self._fields, relayed_bytes=relayed,
                                     client_sees=client_sees, error=str(error))
