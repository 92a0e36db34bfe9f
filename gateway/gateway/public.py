"""What anyone may call without a token (docs/architecture.md, "Identity and authorization"): signing in, the
key set, the API docs, health and metrics, and CORS preflights. Everything else under the gateway
needs a verified bearer token."""
from __future__ import annotations

from flask import Request

from .routes import JWKS_PATH

PUBLIC_PATHS = frozenset({"/api/v1/auth", JWKS_PATH, "/api/v1/openapi.json", "/docs", "/metrics"})
PUBLIC_PREFIXES = ("/api/v1/auth/", "/docs/", "/health/")


def is_public(path: str) -> bool:
    # A path with dot segments ("/api/v1/auth/../customers") is never public: a server behind us
    # could resolve it to somewhere else than the prefix we matched.
    if not _normal(path):
        return False
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_preflight(request: Request) -> bool:
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def _normal(path: str) -> bool:
    segments = path.split("/")[1:]
    inner = segments[:-1]  # a trailing slash leaves one empty last segment, which is harmless
    return not any(segment in (".", "..") for segment in segments) and all(inner)
