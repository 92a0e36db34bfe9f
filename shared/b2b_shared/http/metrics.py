"""Prometheus metrics at /metrics, per route template, safe under gunicorn's forked workers."""
from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Histogram, generate_latest, multiprocess

REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds", "HTTP request latency", ["method", "route", "status"]
)


def _registry():
    # Under gunicorn every worker writes its samples to PROMETHEUS_MULTIPROC_DIR (set in
    # deploy/gunicorn.conf.py); the scrape merges them. https://prometheus.github.io/client_python/multiprocess/
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def install_metrics(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _observe(response):
        if "started" in g:
            route = request.url_rule.rule if request.url_rule else "unmatched"
            REQUEST_SECONDS.labels(request.method, route, response.status_code).observe(time.perf_counter() - g.started)
        return response

    @app.get("/metrics")
    def metrics():
        # content_type, not mimetype: CONTENT_TYPE_LATEST carries its charset, which Flask would add again.
        return Response(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
