"""Access tokens: issued at sign-in, verified by b2b_shared.auth.jwt from our JWKS, and every
way a forged or stale token is turned away (the suite's one list: b2b_shared.testing.forged_tokens)."""
from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest
from b2b_shared.auth.jwt import InvalidToken, JwksCache, TokenVerifier
from b2b_shared.testing.forged_tokens import FORGERIES, forge


@pytest.fixture
def verifier(client, config):
    return TokenVerifier(JwksCache(lambda: client.get("/.well-known/jwks.json").json), config.jwt_issuer,
                         config.jwt_audience)


@pytest.fixture
def signing_key(app):
    return app.extensions["users_roles.keys"].signing_key()


@pytest.fixture
def claims(config):
    now = int(time.time())
    return {"sub": str(uuid.uuid4()), "kind": "customer_user", "customer_id": None, "roles": [],
            "iss": config.jwt_issuer, "aud": config.jwt_audience, "iat": now, "exp": now + 60, "jti": "x"}


def b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def test_a_signed_in_customer_user_gets_an_rs256_token_with_the_contract_claims(suite, verifier):
    customer = suite.customer()
    user = suite.user(customer)
    response = suite.sign_in(user["email"].upper())  # email matches case-insensitively
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert body["token_type"] == "Bearer" and body["expires_in"] > 0 and body["refresh_token"]
    claims = verifier.verify(body["access_token"])
    assert claims["sub"] == user["id"] and claims["kind"] == "customer_user"
    assert claims["customer_id"] == str(customer) and claims["roles"] == ["BUYER"]
    assert {"iss", "aud", "exp", "iat", "jti"} <= set(claims)
    assert jwt.get_unverified_header(body["access_token"])["alg"] == "RS256"


def test_the_jwks_publishes_public_keys_only_with_their_kid(client, signing_key):
    keys = client.get("/.well-known/jwks.json").json["keys"]
    assert signing_key.kid in [key["kid"] for key in keys]
    assert all(key["kty"] == "RSA" and key["alg"] == "RS256" and "d" not in key for key in keys)


def test_a_valid_token_signed_with_our_key_is_accepted(verifier, signing_key, claims):
    token = jwt.encode(claims, signing_key.private_key, algorithm="RS256", headers={"kid": signing_key.kid})
    assert verifier.verify(token)["sub"] == claims["sub"]


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_token_is_rejected_by_the_verifier(verifier, signing_key, claims, forgery):
    good = jwt.encode(claims, signing_key.private_key, algorithm="RS256", headers={"kid": signing_key.kid})
    with pytest.raises(InvalidToken):
        verifier.verify(forge(forgery, good, signing_key.private_key))


def test_a_tampered_payload_breaks_the_signature(verifier, signing_key, claims):
    token = jwt.encode(claims, signing_key.private_key, algorithm="RS256", headers={"kid": signing_key.kid})
    header, _, signature = token.split(".")
    forged = b64(json.dumps({**claims, "kind": "staff"}).encode())
    with pytest.raises(InvalidToken):
        verifier.verify(f"{header}.{forged}.{signature}")


def test_the_service_answers_401_to_a_bad_bearer_token(client):
    response = client.get("/api/v1/roles", headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
