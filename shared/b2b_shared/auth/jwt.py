"""Verify the suite's access tokens: RS256 JWTs signed by users-roles, keys from its JWKS.

- Only RS256 is accepted, decided before any key is touched: `alg: none` and HS256 tokens
  "signed" with the public key (the classic algorithm-confusion attack) are rejected.
- The JWKS is cached; an unknown `kid` refreshes it at most once per `min_refresh_seconds`
  (a rotated-in key is picked up without a restart; a stream of made-up kids cannot make us
  hammer users-roles), and a kid still unknown after that is rejected.
- `aud`, `iss`, `exp`, `iat`, `sub` and `jti` are required and checked; `nbf` when present.
- A header that points at keys elsewhere (`jku`, `x5u`) or carries its own (`jwk`, `x5c`) is
  refused outright: keys come from the configured JWKS only, and nothing a token says is fetched.
Needs `pyjwt[crypto]`.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable

import jwt
from cachetools import TLRUCache
from jwt.algorithms import RSAAlgorithm

from ..config import TokenConfig
from ..errors import Unauthorized

ALGORITHM = "RS256"
REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "jti"]
FOREIGN_KEY_HEADERS = ("jku", "x5u", "jwk", "x5c")


class InvalidToken(Unauthorized):
    """Any reason a token is not accepted; `detail` never echoes the token."""


def http_jwks(url: str, timeout: float = 2.0) -> Callable[[], dict]:
    """A fetcher of the JWKS document at `url` (users-roles' /.well-known/jwks.json, or a
    mounted `file://` key set)."""
    def fetch() -> dict:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - configured URL
            return json.load(response)
    return fetch


def verifier_from_config(config: TokenConfig) -> "TokenVerifier":
    """The verifier every service and the gateway use: JWKS URL, issuer and audience from config."""
    return TokenVerifier(JwksCache(http_jwks(config.jwks_url)), config.jwt_issuer, config.jwt_audience)


class JwksCache:
    def __init__(self, fetch: Callable[[], dict], ttl_seconds: float = 300, min_refresh_seconds: float = 30):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._min_refresh = min_refresh_seconds
        self._keys: dict[str, object] = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def key(self, kid: str):
        with self._lock:
            age = time.monotonic() - self._fetched_at
            if age > self._ttl or (kid not in self._keys and age > self._min_refresh):
                self._refresh()
            if kid not in self._keys:
                raise InvalidToken("The token was signed with an unknown key.")
            return self._keys[kid]

    def _refresh(self) -> None:
        try:
            document = self._fetch()
        except Exception:  # noqa: BLE001 - users-roles unreachable: keep verifying with the keys we have
            if not self._keys:
                raise
            self._fetched_at = time.monotonic()
            return
        self._keys = {
            jwk["kid"]: RSAAlgorithm.from_jwk(jwk)
            for jwk in document.get("keys", [])
            if jwk.get("kty") == "RSA" and jwk.get("alg", ALGORITHM) == ALGORITHM and jwk.get("kid")
        }
        self._fetched_at = time.monotonic()


class TokenVerifier:
    def __init__(self, jwks: JwksCache, issuer: str, audience: str, leeway_seconds: int = 30,
                 remembered_tokens: int = 20_000):
        self._jwks = jwks
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds
        # A client sends the same token many times: its signature is checked once (an RSA verify and
        # PyJWT's parsing: about a millisecond), then its claims are remembered until it expires, for
        # the most recently used tokens. Revocation is not decided here but by the principal lookup
        # behind it (principals.py), so remembering loses nothing; a signing key is retired only once
        # the tokens it signed have expired (users-roles' key ring).
        self._verified = TLRUCache(maxsize=remembered_tokens, ttu=_until_expiry, timer=time.time)
        self._lock = threading.Lock()

    def verify(self, token: str) -> dict:
        """The token's claims, or InvalidToken."""
        with self._lock:
            claims = self._verified.get(token)
        if claims is not None:
            return claims
        claims = self._verify(token)
        with self._lock:
            self._verified[token] = claims
        return claims

    def _verify(self, token: str) -> dict:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("The token is malformed.") from None
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("The token is not signed with RS256.")
        if any(name in header for name in FOREIGN_KEY_HEADERS):
            raise InvalidToken("The token names keys of its own; only the suite's keys are trusted.")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("The token names no signing key.")
        key = self._jwks.key(kid)
        try:
            return jwt.decode(token, key, algorithms=[ALGORITHM], audience=self._audience, issuer=self._issuer,
                              leeway=self._leeway, options={"require": REQUIRED_CLAIMS})
        except jwt.ExpiredSignatureError:
            raise InvalidToken("The token has expired.") from None
        except jwt.PyJWTError as error:
            raise InvalidToken(f"The token is not valid: {type(error).__name__}.") from None


def _until_expiry(_token: str, claims: dict, _now: float) -> float:
    return claims["exp"]


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None when there is no header."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("Authorization must be `Bearer <token>`.")
    return token.strip()
