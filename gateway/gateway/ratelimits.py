"""Rate limits with flask-limiter, counted in Redis so that every gateway replica shares them:

- per identity (the verified token's `sub`): every request that carries a good token;
- per client address: every other request (no token, a bad one, signing in), but health, metrics
  and CORS preflights;
- signing in (`POST /api/v1/auth/token`): a tighter limit per address, against password guessing.

A signed-in caller is counted by who it is, not where it comes from: a company's buyers often share
one office address (NAT), and one of them must not use up the others' allowance; a stranger or a
bad token has no identity, so its address is what is counted. So a request costs one count, not two.

All three are application-wide limits of one Limiter, each keyed by what it limits (`address:<ip>`,
`identity:<sub>`, `sign-in:<ip>`): one Limiter's hooks per request rather than three. The count and
the window's time to live come back from Redis together (`WindowReportingRedisStorage`), so the
headers cost no round trip of their own: one round trip to Redis per request (bench/gateway_rps.py).

Answers carry `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the
window resets) of the limit closest to running out; over a limit is a 429 problem with `Retry-After`.

Redis unreachable: we fail open. Availability of the whole suite matters more than exact limits for
the minutes Redis is down, so flask-limiter logs a warning ("Rate limit storage unreachable") and
counts in each process's memory instead (each replica then limits on its own, so the effective
limit is at most replicas x limit), probing Redis with a growing back-off until it answers again.
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from b2b_shared.http.problems import problem
from b2b_shared.logging import get_logger
from flask import Flask, Response, g, has_request_context, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded, RequestLimit
from limits.storage import RedisStorage

from .authn import identity
from .config import GatewayConfig
from .public import is_preflight

if TYPE_CHECKING:
    from flask_limiter._limits import RuntimeLimit

log = get_logger(__name__)
SIGN_IN = ("POST", "/api/v1/auth/token")
# Probes and scrapes come every few seconds from the platform, not from clients.
UNLIMITED_PREFIXES = ("/health/", "/metrics")
# A dead Redis must cost a request milliseconds, not the client's patience.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def install_rate_limits(app: Flask, config: GatewayConfig) -> Limiter:
    """Install after authn's `identify` (the identity limit needs the verified `sub`)."""
    limiter = Limiter(
        _client_address,
        app=app,
        # Each limit keys its counters by what it limits: `address:<ip>` and `sign-in:<ip>` are apart
        # even when their limits are written alike.
        application_limits=[
            ParsedOnceLimit(config.ratelimit_per_address, key_function=lambda: f"address:{_client_address()}",
                            exempt_when=lambda: identity() is not None),
            ParsedOnceLimit(config.ratelimit_per_identity, key_function=lambda: f"identity:{identity()}",
                            exempt_when=lambda: identity() is None),
            ParsedOnceLimit(config.ratelimit_sign_in, key_function=lambda: f"sign-in:{_client_address()}",
                            exempt_when=lambda: (request.method, request.path) != SIGN_IN),
        ],
        storage_uri=WindowReportingRedisStorage.uri_for(config.ratelimit_storage_uri),
        storage_options=REDIS_TIMEOUTS if config.ratelimit_storage_uri.startswith("redis") else {},
        key_prefix=config.ratelimit_key_prefix,
        strategy="fixed-window",
        headers_enabled=False,  # written below: flask-limiter's would put Retry-After on every answer
        in_memory_fallback_enabled=True,
        swallow_errors=True,
        # Unknown paths are limited too (flask-limiter skips requests that matched no endpoint).
        request_identifier=lambda: request.endpoint or "unmatched",
    )
    limiter.request_filter(_unlimited)
    app.register_error_handler(RateLimitExceeded, lambda _error: _too_many(limiter))
    app.after_request(lambda response: _with_headers(limiter, response))
    return limiter


class ParsedOnceLimit(ApplicationLimit):
    """An application limit whose limit string ("600/minute") is parsed once. flask-limiter parses
    it again and builds its RuntimeLimit anew for every request (`Limit.__iter__`, ready for a limit
    given as a callable, which ours never are): 5 % of a proxied GET's instructions for three limits that do
    not change (bench/gateway_instructions.py). The RuntimeLimits are equal either way: flask-limiter
    only reads them."""

    def __iter__(self) -> Iterator[RuntimeLimit]:
        made = self.__dict__.get("_made")
        if made is None:  # first used by a request, after the Limiter has bound it
            made = self.__dict__["_made"] = tuple(super().__iter__())
        return iter(made)


def _client_address() -> str:
    return request.remote_addr or "unknown"


def _unlimited() -> bool:
    return request.path.startswith(UNLIMITED_PREFIXES) or is_preflight(request)


def _too_many(limiter: Limiter) -> Response:
    breached, window = _closest(limiter)
    wait = _seconds_left(window) if breached else 60
    allowed = breached.limit if breached else "the allowed number of"
    return problem(429, "Too Many Requests", f"More than {allowed} requests; try again in {wait} seconds.",
                   headers={"Retry-After": str(wait)})


def _with_headers(limiter: Limiter, response: Response) -> Response:
    try:
        closest, (_reset, remaining) = _closest(limiter)
        if closest is not None:
            response.headers["RateLimit-Limit"] = str(closest.limit.amount)
            response.headers["RateLimit-Remaining"] = str(remaining)
            response.headers["RateLimit-Reset"] = str(_seconds_left((_reset, remaining)))
    except Exception as error:  # noqa: BLE001 - headers are advice; never fail an answer for them
        log.warning("ratelimit.headers_unavailable", error_type=type(error).__name__)
    return response


def _closest(limiter: Limiter) -> tuple[RequestLimit | None, tuple[float, int]]:
    """The breached limit of this request, else the tightest one (fewest requests per second),
    with its window (reset time, remaining). Only that one window is read, and in one round trip:
    each is a Redis round trip on every request (bench/gateway_rps.py), and the headers are advice."""
    limits = limiter.current_limits
    breached = [limit for limit in limits if limit.breached]
    chosen = breached[0] if breached else min(
        limits, key=lambda limit: limit.limit.amount / limit.limit.get_expiry(), default=None)
    return (chosen, _window(limiter, chosen)) if chosen else (None, (time.time() + 60, 0))


def _window(limiter: Limiter, chosen: RequestLimit) -> tuple[float, int]:
    """What `chosen.window` tells (the fixed window's reset time and what remains of it), from what
    counting this request brought back from Redis; without that (Redis down: the in-memory
    fallback counted), from the strategy itself."""
    storage = limiter.limiter.storage
    counted = g.get(COUNTED, {}).get(storage.prefixed_key(chosen.key)) if isinstance(storage, RedisStorage) else None
    if counted is None:
        return chosen.window
    count, ttl = counted
    return time.time() + max(ttl, 0), max(0, chosen.limit.amount - count)


def _seconds_left(window: tuple[float, int]) -> int:
    return max(1, math.ceil(window[0] - time.time()))


COUNTED = "ratelimit_counted"  # flask.g: {prefixed key: (count, seconds to live)} of this request


class WindowReportingRedisStorage(RedisStorage):
    """limits' Redis storage (what flask-limiter counts in), whose increment also answers the key's
    time to live, in the same round trip, and keeps both on `flask.g` for this request's
    RateLimit-* headers: reading them afterwards (`get_window_stats`: GET, then TTL) would cost a
    round trip more per request, which is most of a Redis round trip's cost to the gateway: the
    wake-ups, not the bytes. Everything else (connection, timeouts, fallback) is RedisStorage's."""

    STORAGE_SCHEME = ["b2b+redis", "b2b+rediss"]
    # limits' incr_expire.lua, plus the time to live.
    INCR_EXPIRE_TTL = """
        local current = redis.call("incrby", KEYS[1], ARGV[2])
        if tonumber(current) == tonumber(ARGV[2]) then
            redis.call("expire", KEYS[1], ARGV[1])
        end
        return {current, redis.call("ttl", KEYS[1])}
    """

    @classmethod
    def uri_for(cls, storage_uri: str) -> str:
        """The storage URI flask-limiter is given: ours for Redis (not Cluster or Sentinel), else as is."""
        return f"b2b+{storage_uri}" if storage_uri.startswith(("redis://", "rediss://")) else storage_uri

    def __init__(self, uri: str, **options):
        super().__init__(uri.removeprefix("b2b+"), **options)

    def initialize_storage(self, uri: str) -> None:
        super().initialize_storage(uri)
        self._incr_expire_ttl = self.get_connection().register_script(self.INCR_EXPIRE_TTL)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        key = self.prefixed_key(key)
        count, ttl = (int(value) for value in self._incr_expire_ttl([key], [expiry, amount]))
        if has_request_context():
            g.setdefault(COUNTED, {})[key] = (count, ttl)
        return count
