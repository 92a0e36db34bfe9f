"""Prometheus metrics at /metrics, per route template, safe under gunicorn's forked workers."""
from __future__ import annotations

import os

from flask import Flask, Response, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest, multiprocess

from .clock import seconds_since_start

REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"]
)
# (method, route, status) -> its histogram: `labels()` checks and stringifies the labels on every
# call; the routes are the app's, the statuses a few dozen, so this stays small.
_SERIES: dict[tuple, Histogram] = {}


def _registry():
    # Under gunicorn every worker writes its samples to PROMETHEUS_MULTIPROC_DIR (set in
    # deploy/gunicorn.conf.py); the scrape merges them. https://prometheus.github.io/client_python/multiprocess/
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _series(method: str, route: str, status: int) -> Histogram:
    key = (method, route, status)
    series = _SERIES.get(key)
    if series is None:
        series = _SERIES[key] = REQUEST_SECONDS.labels(method, route, status)
    return series


def install_metrics(app: Flask) -> None:
    @app.after_request
    def _observe(response):
        current = request._get_current_object()  # once, not through the proxy at every attribute
        seconds = seconds_since_start(current.environ)
        if seconds is not None:
            route = current.url_rule.rule if current.url_rule else "unmatched"
            _series(current.method, route, response.status_code).observe(seconds)
        return response

    @app.get("/metrics")
    def metrics():
        # content_type, not mimetype: CONTENT_TYPE_LATEST carries its charset, which Flask would add again.
        return Response(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
