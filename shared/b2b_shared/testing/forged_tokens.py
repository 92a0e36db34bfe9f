"""Tokens an attacker could make, written once for every verifier's tests (the gateway and each
service): each differs from a good token in one flaw, and each must be a 401, never a 5xx.

    @pytest.mark.parametrize("forgery", FORGERIES)
    def test_a_forged_token_is_refused(forgery, listener):
        token = forge(forgery, good_token, private_key, elsewhere=listener.url)

`good_token` is one the verifier accepts (a test asserts that too, so a 401 means the flaw, not a
wrong setup); `private_key` signed it. `jku`/`x5u` point at `elsewhere`: a `Listener` there (the
`listener` fixture of testing/fixtures.py) proves nothing was fetched.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from functools import cache

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HOUR = 3600


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unsigned(header: dict, claims: dict) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"


@cache
def _stranger_key() -> rsa.RSAPrivateKey:
    """A key the suite never published (made once: RSA generation is slow)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Forger:
    def __init__(self, good_token: str, private_key, elsewhere: str):
        self.kid = jwt.get_unverified_header(good_token)["kid"]
        self.claims = jwt.decode(good_token, options={"verify_signature": False})
        self.private_key = private_key
        self.elsewhere = elsewhere

    def sign(self, key=None, kid: str | None = None, headers: dict | None = None, **changes) -> str:
        claims = {name: value for name, value in {**self.claims, **changes}.items() if value is not None}
        return jwt.encode(claims, key or self.private_key, algorithm="RS256",
                          headers={"kid": kid or self.kid, **(headers or {})})

    def hs256_with_the_public_key(self) -> str:
        # Algorithm confusion: HMAC keyed with the public key's PEM, which anyone can read (PyJWT
        # refuses to make such a token, so it is signed by hand).
        pem = self.private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        signed = _unsigned({"alg": "HS256", "typ": "JWT", "kid": self.kid}, self.claims)
        return f"{signed}.{_b64(hmac.new(pem, signed.encode(), hashlib.sha256).digest())}"


FORGERIES = {
    "garbage": lambda f: "garbage",
    "alg none": lambda f: _unsigned({"alg": "none", "typ": "JWT", "kid": f.kid}, f.claims) + ".",
    "HS256 signed with the public key": _Forger.hs256_with_the_public_key,
    "expired": lambda f: f.sign(exp=int(time.time()) - HOUR, iat=int(time.time()) - 2 * HOUR),
    "not valid before an hour from now": lambda f: f.sign(nbf=int(time.time()) + HOUR),
    "wrong audience": lambda f: f.sign(aud="another-api"),
    "wrong issuer": lambda f: f.sign(iss="https://evil.example.com"),
    "no jti": lambda f: f.sign(jti=None),
    "unknown kid": lambda f: f.sign(key=_stranger_key(), kid=uuid.uuid4().hex),
    "signed by another key under our kid": lambda f: f.sign(key=_stranger_key()),
    "stripped signature": lambda f: f.sign().rsplit(".", 1)[0] + ".",
    "jku pointing elsewhere": lambda f: f.sign(headers={"jku": f"{f.elsewhere}/jwks.json"}),
    "x5u pointing elsewhere": lambda f: f.sign(headers={"x5u": f"{f.elsewhere}/cert.pem"}),
    "jwk of its own": lambda f: f.sign(headers={"jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"}}),
    "x5c of its own": lambda f: f.sign(headers={"x5c": ["MIIB"]}),
}


def forge(forgery: str, good_token: str, private_key, elsewhere: str = "http://127.0.0.1:9") -> str:
    """The token FORGERIES[forgery] makes from `good_token` (fresh times, same subject)."""
    return FORGERIES[forgery](_Forger(good_token, private_key, elsewhere))


class Listener:
    """A local port that counts the connections made to it: a verifier must make none."""

    def __init__(self):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:  # closed
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone may not
        self._server.close()


def refusal_tests(url: str):
    """The two tests every service runs against its own app, reached directly (around the gateway):
    its administrator's token is accepted at `url`, and every forgery of it is a 401 problem with
    nothing fetched from elsewhere. In a service's tests:

        test_the_good_token_is_accepted, test_a_forged_token_is_refused = refusal_tests("/api/v1/...")
    """
    import pytest

    def test_the_token_the_forgeries_start_from_is_accepted(anonymous, admin_headers):
        assert anonymous.get(url, headers=admin_headers).status_code == 200

    @pytest.mark.parametrize("forgery", FORGERIES)
    def test_a_forged_token_is_refused_with_401_and_nothing_is_fetched(anonymous, admin_headers, keys, listener,
                                                                       forgery):
        token = forge(forgery, admin_headers["Authorization"].removeprefix("Bearer "), keys.private_key,
                      elsewhere=listener.url)
        response = anonymous.get(url, headers={"Authorization": f"Bearer {token}"})
        assert (response.status_code, response.content_type) == (401, "application/problem+json")
        assert listener.connections == 0

    return test_the_token_the_forgeries_start_from_is_accepted, test_a_forged_token_is_refused_with_401_and_nothing_is_fetched
