"""/api/v1/auth: sign in, refresh, revoke, change one's own password; /.well-known/jwks.json."""
from __future__ import annotations

from b2b_shared.http.access import current_principal, public, signed_in
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow
from flask import current_app, jsonify, request

from ..services import auth as use_cases
from .auth_schemas import PasswordChangeSchema, RefreshRequestSchema, TokenRequestSchema, TokenSchema
from .deps import auth

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Sign-in and tokens.")
jwks_blp = Blueprint("jwks", __name__, url_prefix="/.well-known", description="Public keys of the access tokens.")
NO_STORE = {"Cache-Control": "no-store"}  # tokens must not sit in caches (RFC 6749 section 5.1)


@blp.route("/token", methods=["POST"])
@public
@blp.arguments(TokenRequestSchema)
@blp.response(200, TokenSchema)
def token(data):
    """Sign in with email and password: an access token (RS256 JWT) and a refresh token"""
    tokens = use_cases.sign_in(uow(), auth(), data["email"], data["password"], request.remote_addr or "unknown")
    return tokens, 200, NO_STORE


@blp.route("/refresh", methods=["POST"])
@public
@blp.arguments(RefreshRequestSchema)
@blp.response(200, TokenSchema)
def refresh(data):
    """Trade a refresh token for new tokens; each refresh token works once"""
    return use_cases.refresh(uow(), auth(), data["refresh_token"]), 200, NO_STORE


@blp.route("/revoke", methods=["POST"])
@public
@blp.arguments(RefreshRequestSchema)
@blp.response(204)
def revoke(data):
    """Revoke a refresh token and every token rotated from the same sign-in"""
    use_cases.revoke(uow(), data["refresh_token"])


@blp.route("/password", methods=["POST"])
@signed_in
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data):
    """Change your own password, with the old one; signs you out everywhere"""
    use_cases.change_own_password(uow(), auth(), current_principal().user_id, data["old_password"], data["new_password"])


@jwks_blp.route("/jwks.json")
@public
@jwks_blp.response(200)
def jwks():
    """The public keys that verify access tokens, by kid (several during a key rotation)"""
    response = jsonify(current_app.extensions["users_roles.keys"].jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
