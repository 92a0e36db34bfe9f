"""What a worker process (relay, consumer) serves on METRICS_PORT, for scraping and probes:

    /metrics        its own counters, plus gauges read at scrape time (messaging/gauges.py)
    /health/live    the process answers
    /health/ready   its loops reach what they need (relay: broker and database; consumer: its queue)

Off unless METRICS_PORT is set (the Kubernetes manifests set it; `make run` leaves it off, so that
several local processes and a test run beside them never fight over a port)."""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import REGISTRY, CollectorRegistry, make_wsgi_app

from .logging import get_logger

log = get_logger(__name__)
Ready = Callable[[], bool]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:  # probes every few seconds: no line each
        pass


def serve_worker_endpoints(port: int, ready: Mapping[str, Ready], registry: CollectorRegistry = REGISTRY,
                           host: str = "0.0.0.0") -> WSGIServer:
    """Starts the endpoints on a daemon thread and returns the server (its `server_port`, `shutdown`)."""
    server = make_server(host, port, _app(ready, registry), handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, name="worker-endpoints", daemon=True).start()
    log.info("worker.endpoints", port=server.server_port)
    return server


def _app(ready: Mapping[str, Ready], registry: CollectorRegistry):
    metrics = make_wsgi_app(registry)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/metrics":
            return metrics(environ, start_response)
        if path == "/health/live":
            return _json(start_response, 200, {"status": "ok"})
        if path == "/health/ready":
            checks = {name: "ok" if check() else "unavailable" for name, check in ready.items()}
            ok = all(state == "ok" for state in checks.values())
            return _json(start_response, 200 if ok else 503, {"status": "ok" if ok else "unavailable",
                                                              "checks": checks})
        return _json(start_response, 404, {"status": "not found"})

    return app


def _json(start_response, status: int, body: dict):
    phrase = {200: "200 OK", 404: "404 Not Found", 503: "503 Service Unavailable"}[status]
    start_response(phrase, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]
