"""create_app(config): the gateway's Flask app, the suite's front door.

Every request passes, in this order: request id and metrics; CORS preflights answered; body size
limits; token verification (`identify`); rate limits per address, per identity and for signing in;
401 for a protected path without a good token; then routing to the owning service.
"""
from __future__ import annotations

from b2b_shared.auth.jwt import TokenVerifier, verifier_from_config
from b2b_shared.http.app import App
from b2b_shared.http.health import install_health
from b2b_shared.http.metrics import install_metrics
from b2b_shared.http.problems import problem, register_problem_handlers
from b2b_shared.http.request_id import install_request_id
from b2b_shared.http.request_log import install_request_log
from b2b_shared.http.traces import install_traces
from b2b_shared.logging import configure_logging
from flask import Flask, g, jsonify, request

from .authn import install_identify, install_require_identity
from .body_limits import install_body_limits
from .config import GatewayConfig
from .cors import install_cors, install_preflight
from .customer_view import install_customer_view
from .docs import install_docs
from .me import install_me
from .merged_openapi import MergedOpenApi
from .proxy import Upstreams
from .ratelimits import install_rate_limits
from .routes import JWKS_PATH, JWKS_SERVICE, SEGMENTS

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def create_app(config: GatewayConfig | None = None, verifier: TokenVerifier | None = None) -> Flask:
    """`verifier` is a seam for tests (a key cache that refreshes at once); by default it is the
    suite's shared one, built from the token settings in `config`."""
    config = config or GatewayConfig()
    configure_logging(config.log_level)
    app = App(__name__)
    upstreams = Upstreams(config)

    install_traces(app, "gateway")
    install_request_id(app)
    install_request_log(app, caller=lambda: (g.get("identity"), None))  # the token's subject, once verified
    install_metrics(app)
    install_preflight(app)
    install_body_limits(app, config)
    install_identify(app, verifier or verifier_from_config(config))
    install_rate_limits(app, config)
    install_require_identity(app)
    install_cors(app, config.cors_allowed_origins)

    _install_routes(app, config, upstreams)
    install_me(app, upstreams)
    install_customer_view(app, upstreams, config.view_timeout)
    install_docs(app, MergedOpenApi(upstreams, list(config.service_urls), config.openapi_cache_seconds))
    install_health(app, {})  # ready = able to route; /health/upstreams tells about each service
    register_problem_handlers(app)
    return app


def _install_routes(app: Flask, config: GatewayConfig, upstreams: Upstreams) -> None:
    @app.route("/api/v1/<segment>", methods=METHODS)
    @app.route("/api/v1/<segment>/<path:rest>", methods=METHODS)
    def forward(segment: str, rest: str = ""):
        service = SEGMENTS.get(segment)
        if service is None:
            return problem(404, "Not Found", f"No API is served under /api/v1/{segment}.")
        return upstreams.forward(service, request)

    @app.get(JWKS_PATH)
    def jwks():
        return upstreams.forward(JWKS_SERVICE, request)

    @app.get("/health/upstreams")
    def upstream_health():
        return jsonify({service: _status(upstreams, service) for service in config.service_urls})


def _status(upstreams: Upstreams, service: str) -> str:
    try:
        return "ok" if upstreams.get(service, "/health/ready").status == 200 else "unavailable"
    except Exception:  # noqa: BLE001 - a status page reports, it does not raise
        return "unreachable"
