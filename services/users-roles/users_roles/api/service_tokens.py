"""POST /api/v1/auth/service-token: the client-credentials grant (RFC 6749 section 4.4) for
processes that call a service as themselves. Client authentication by HTTP Basic (section
2.3.1) or client_id/client_secret in the form or JSON body."""
from __future__ import annotations

import datetime as dt

from b2b_shared.http.access import public
from b2b_shared.http.blueprint import Blueprint
from flask import current_app, jsonify, request
from marshmallow import Schema, fields

from ..domain.service_clients import authenticate
from .deps import auth

blp = Blueprint("service_tokens", __name__, url_prefix="/api/v1/auth", description="Service identities.")


class ServiceTokenSchema(Schema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"example": "Bearer"})
    expires_in = fields.Integer(required=True)
    scope = fields.String(required=True, metadata={"description": "Space-separated resource:ACTION entries."})


class OAuthErrorSchema(Schema):
    """RFC 6749 section 5.2: the token endpoint's errors are OAuth's, as application/json."""

    error = fields.String(required=True, metadata={"example": "invalid_client"})
    error_description = fields.String()


def _oauth_error(status: int, error: str, description: str):
    """RFC 6749 section 5.2 error body (an OAuth client library expects this shape here)."""
    response = jsonify(error=error, error_description=description)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="b2b"'
    return response


@blp.route("/service-token", methods=["POST"])
@public
@blp.response(200, ServiceTokenSchema)
@blp.alt_response(400, schema=OAuthErrorSchema, content_type="application/json", description="Unsupported grant type")
@blp.alt_response(401, schema=OAuthErrorSchema, content_type="application/json", description="Unknown client or wrong secret")
def service_token():
    """Client-credentials grant: a service's access token with the scopes it was configured with"""
    body = request.form if request.form else (request.get_json(silent=True) or {})
    if body.get("grant_type") != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "Only grant_type=client_credentials is served here.")
    basic = request.authorization
    client_id = basic.username if basic and basic.type == "basic" else str(body.get("client_id", ""))
    secret = basic.password if basic and basic.type == "basic" else str(body.get("client_secret", ""))
    client = authenticate(current_app.extensions["users_roles.service_clients"], client_id, secret or "")
    if client is None:
        return _oauth_error(401, "invalid_client", "Unknown client or wrong secret.")
    tokens = auth().access
    token = tokens.issue_for_service(client.client_id, list(client.scopes), dt.datetime.now(dt.timezone.utc))
    response = jsonify(access_token=token, token_type="Bearer", expires_in=tokens.lifetime_seconds,
                       scope=" ".join(client.scopes))
    response.headers["Cache-Control"] = "no-store"
    return response
