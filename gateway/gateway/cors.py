"""CORS for browser frontends on other origins (`CORS_ALLOWED_ORIGINS`, comma separated; none by
default, which leaves the API same-origin only).

The gateway answers preflights itself, before authentication and rate limits: a browser sends them
without credentials, and the services behind us know nothing of CORS.
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_cors import CORS

from .public import is_preflight

ALLOWED_HEADERS = ["Authorization", "If-Match", "Idempotency-Key", "Content-Type", "X-Request-ID"]
# What a frontend must read: versions for If-Match, where a created thing is, and when to retry.
EXPOSED_HEADERS = ["ETag", "Location", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After",
                   "X-Request-ID"]
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
PREFLIGHT_CACHE_SECONDS = 600


def install_preflight(app: Flask) -> None:
    @app.before_request
    def answer_preflight():
        if is_preflight(request):
            return Response(status=204)  # flask-cors adds the Access-Control-* headers if the origin may
        return None


def install_cors(app: Flask, origins: tuple[str, ...]) -> None:
    if not origins:
        return
    CORS(app, origins=list(origins), allow_headers=ALLOWED_HEADERS, expose_headers=EXPOSED_HEADERS,
         methods=METHODS, max_age=PREFLIGHT_CACHE_SECONDS, supports_credentials=False)
