"""create_app(config): the gateway's Flask app."""
from __future__ import annotations

from b2b_shared.http.health import install_health
from b2b_shared.http.metrics import install_metrics
from b2b_shared.http.problems import problem, register_problem_handlers
from b2b_shared.http.request_id import install_request_id
from b2b_shared.logging import configure_logging
from flask import Flask, jsonify, request

from .config import GatewayConfig
from .proxy import Upstreams
from .routes import SEGMENTS

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def create_app(config: GatewayConfig | None = None) -> Flask:
    config = config or GatewayConfig()
    configure_logging(config.log_level)
    app = Flask(__name__)
    upstreams = Upstreams(config)

    # Authentication and tenant scoping will sit here, before forwarding (the gateway's own issue).
    @app.route("/api/v1/<segment>", methods=METHODS)
    @app.route("/api/v1/<segment>/<path:rest>", methods=METHODS)
    def forward(segment: str, rest: str = ""):
        service = SEGMENTS.get(segment)
        if service is None:
            return problem(404, "Not Found", f"No API is served under /api/v1/{segment}.")
        return upstreams.forward(service, request)

    @app.get("/health/upstreams")
    def upstream_health():
        return jsonify({service: _status(upstreams, service) for service in config.service_urls})

    install_request_id(app)
    install_metrics(app)
    install_health(app, {})  # ready = able to route; /health/upstreams tells about each service
    register_problem_handlers(app)
    return app


def _status(upstreams: Upstreams, service: str) -> str:
    try:
        return "ok" if upstreams.get(service, "/health/ready").status == 200 else "unavailable"
    except Exception:  # noqa: BLE001 - a status page reports, it does not raise
        return "unreachable"
