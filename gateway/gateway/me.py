"""GET /api/v1/me, the gateway's own segment: who the caller is, their customer, roles and effective
permissions. users-roles knows all of that and answers it at /api/v1/authz/me for the caller's
token; the gateway only gives it the short, stable name the frontend uses (docs/architecture.md)."""
from __future__ import annotations

from flask import Flask, request
from werkzeug.exceptions import MethodNotAllowed

from .proxy import Upstreams
from .routes import ME_PATH, ME_UPSTREAM

SUMMARY = "Who the caller is: user, customer, roles and effective permissions"


def install_me(app: Flask, upstreams: Upstreams) -> None:
    service, path = ME_UPSTREAM

    # Every method is routed here, so that a POST is told 405 rather than falling through to the
    # /api/v1/<segment> route and its "no such API" 404.
    @app.route(ME_PATH, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    def me():
        if request.method not in ("GET", "HEAD"):
            raise MethodNotAllowed(valid_methods=["GET", "HEAD"])
        return upstreams.forward(service, request, path=path)


def me_paths(merged_paths: dict) -> dict:
    """The OpenAPI path item of /api/v1/me: users-roles' own answer's schema where it documents one."""
    upstream = merged_paths.get(ME_UPSTREAM[1], {}).get("get", {})
    responses = upstream.get("responses") or {
        "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
    }
    responses = {**responses, "401": {"description": "No token, or one that is not valid."}}
    return {ME_PATH: {"get": {"summary": SUMMARY, "tags": ["me"], "responses": responses}}}
