"""Tokens the gateway must refuse, each with a 401 problem and never a 5xx, and nothing forwarded;
a token that names keys elsewhere (jku, x5u) makes the gateway fetch nothing. A good token passes."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from gateway.testing.keys import RsaKeys, bearer

HOUR = 3600


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segments(header: dict, claims: dict) -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"


def alg_none(keys: RsaKeys, _listener) -> str:
    return segments({"alg": "none", "typ": "JWT", "kid": keys.kid}, keys.claims()) + "."


def hs256_with_the_public_key(keys: RsaKeys, _listener) -> str:
    # The algorithm-confusion attack: HMAC keyed with the public key's PEM, which anyone can read.
    signed = segments({"alg": "HS256", "typ": "JWT", "kid": keys.kid}, keys.claims())
    signature = hmac.new(keys.public_pem(), signed.encode(), hashlib.sha256).digest()
    return f"{signed}.{b64(signature)}"


def stripped_signature(keys: RsaKeys, _listener) -> str:
    return keys.token().rsplit(".", 1)[0] + "."


def signed_by_another_key_with_our_kid(keys: RsaKeys, _listener) -> str:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(keys.claims(), stranger, algorithm="RS256", headers={"kid": keys.kid})


def unknown_kid(keys: RsaKeys, _listener) -> str:
    return keys.token(kid=keys.add_key(publish=False))


TOKENS = {
    "garbage": lambda keys, listener: "garbage",
    "alg none": alg_none,
    "HS256 signed with the public key's PEM": hs256_with_the_public_key,
    "expired": lambda keys, listener: keys.token(exp=int(time.time()) - HOUR, iat=int(time.time()) - 2 * HOUR),
    "not valid before an hour from now": lambda keys, listener: keys.token(nbf=int(time.time()) + HOUR),
    "wrong audience": lambda keys, listener: keys.token(aud="another-api"),
    "wrong issuer": lambda keys, listener: keys.token(iss="https://evil.example.com"),
    "no jti": lambda keys, listener: keys.token(jti=None),
    "unknown kid": unknown_kid,
    "signed by another key under our kid": signed_by_another_key_with_our_kid,
    "stripped signature": stripped_signature,
    "jku pointing at a listener": lambda keys, listener: keys.token(headers={"jku": f"{listener.url}/jwks.json"}),
    "x5u pointing at a listener": lambda keys, listener: keys.token(headers={"x5u": f"{listener.url}/cert.pem"}),
    "jwk of its own": lambda keys, listener: keys.token(headers={"jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"}}),
    "x5c of its own": lambda keys, listener: keys.token(headers={"x5c": ["MIIB"]}),
}


@pytest.fixture
def listener(stubs):
    """An HTTP server a token points at: the gateway must never call it."""
    return stubs({"/jwks.json": (200, {"keys": []}), "/cert.pem": (200, {})})


def test_a_request_without_an_authorization_header_is_refused_without_an_error_code(gateway_url, upstream):
    response = requests.get(f"{gateway_url}/api/v1/customers", timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="b2b"'
    assert upstream.received == []


@pytest.mark.parametrize("kind", TOKENS)
def test_a_bad_token_is_a_401_invalid_token_problem_and_nothing_is_fetched_or_forwarded(
        gateway_url, upstream, listener, keys, kind):
    token = TOKENS[kind](keys, listener)
    response = requests.get(f"{gateway_url}/api/v1/customers", headers=bearer(token), timeout=10)
    assert response.status_code == 401, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="b2b", error="invalid_token"'
    assert token not in response.text  # the detail never echoes the token
    assert upstream.received == []
    assert listener.received == []


def test_a_good_token_passes_with_its_header_and_without_identity_headers(gateway_url, upstream, keys):
    headers = {**bearer(keys.token()), "X-User-Id": "someone-else", "X-Roles": "administrator"}
    response = requests.get(f"{gateway_url}/api/v1/customers", headers=headers, timeout=5)
    assert response.status_code == 200
    [received] = upstream.received
    assert received.headers["Authorization"] == headers["Authorization"]
    assert not {"x-user-id", "x-roles"} & {name.lower() for name in received.headers}
