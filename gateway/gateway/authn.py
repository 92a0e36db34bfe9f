"""Bearer-token verification at the front door, in two steps around the rate limits:

- `identify` verifies the token (if any) and remembers who the caller is, or why not; it never
  answers itself, so that the per-address limit also counts callers with bad tokens.
- `require_identity` then answers 401 for a protected path without a verified token.

The token is checked with the suite's shared verifier (RS256 only, keys from users-roles' JWKS).
The services verify it again themselves: the gateway forwards the Authorization header unchanged
and adds no identity of its own (nothing is trusted for coming from inside).
"""
from __future__ import annotations

from b2b_shared.auth.jwt import InvalidToken, TokenVerifier, bearer_token
from b2b_shared.http.problems import problem
from b2b_shared.logging import get_logger
from flask import Flask, g, request

from .public import is_preflight, is_public

log = get_logger(__name__)
REALM = 'Bearer realm="b2b"'
MISSING = "This operation needs a bearer token: `Authorization: Bearer <access token>`."


def install_identify(app: Flask, verifier: TokenVerifier) -> None:
    @app.before_request
    def identify() -> None:
        current, state = request._get_current_object(), g._get_current_object()  # not a proxy per attribute
        state.public = public = is_public(current.path) or is_preflight(current)
        state.identity, state.token_error, state.verifier_down = None, None, False
        if public:
            return  # signing in must work with a stale token in the header; the service decides
        try:
            token = bearer_token(current.headers.get("Authorization"))
            if token is not None:
                state.identity = verifier.verify(token)["sub"]
        except InvalidToken as error:
            state.token_error = error.detail
        except Exception as error:  # noqa: BLE001 - no key set yet and users-roles unreachable
            log.warning("authn.keys_unavailable", error_type=type(error).__name__)
            state.verifier_down = True


def install_require_identity(app: Flask) -> None:
    @app.before_request
    def require_identity():
        if g.public or g.identity is not None:
            return None
        if g.verifier_down:
            return problem(503, "Service Unavailable", "Tokens cannot be verified right now; try again shortly.",
                           headers={"Retry-After": "5"})
        if g.token_error is None:  # RFC 6750 section 3.1: no error code when no credentials were sent
            return problem(401, "Unauthorized", MISSING, headers={"WWW-Authenticate": REALM})
        return problem(401, "Unauthorized", g.token_error,
                       headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})


def identity() -> str | None:
    """The verified token's `sub` for this request (None on public paths and before `identify`)."""
    return g.get("identity")
