"""Issuing tokens: RS256 access tokens (JWT) and opaque refresh tokens.

A refresh token is `<id>.<secret>`: the id finds its row, only SHA-256 of the secret is stored
(a leaked table issues nothing). The secret has 256 bits, so a fast hash is enough.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid

import jwt

from .keys import KeyRing


class AccessTokens:
    def __init__(self, keys: KeyRing, issuer: str, audience: str, lifetime_seconds: int):
        self._keys = keys
        self.issuer = issuer
        self.audience = audience
        self.lifetime_seconds = lifetime_seconds

    def issue_for_service(self, client_id: str, scopes: list[str], now: dt.datetime) -> str:
        """A process acting as itself (RFC 6749 section 4.4): no user, only its scopes."""
        return self._sign({"sub": client_id, "kind": "service", "scope": " ".join(scopes)}, now)

    def _sign(self, subject_claims: dict, now: dt.datetime) -> str:
        key = self._keys.signing_key()
        claims = {**subject_claims, "iss": self.issuer, "aud": self.audience, "iat": int(now.timestamp()),
                  "exp": int(now.timestamp()) + self.lifetime_seconds, "jti": uuid.uuid4().hex}
        return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})

    def issue(self, user, role_names: list[str], now: dt.datetime) -> str:
        key = self._keys.signing_key()
        claims = {
            "sub": str(user.id),
            "kind": user.kind,
            "customer_id": str(user.customer_id) if user.customer_id else None,
            "roles": role_names,
            "iss": self.issuer,
            "aud": self.audience,
            "iat": int(now.timestamp()),
            "exp": int(now.timestamp()) + self.lifetime_seconds,
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})


def new_refresh_secret() -> tuple[str, bytes]:
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def split_refresh_token(token: str) -> tuple[uuid.UUID, str] | None:
    token_id, _, secret = token.partition(".")
    try:
        return uuid.UUID(token_id), secret
    except ValueError:
        return None


def secret_matches(secret: str, stored: bytes) -> bool:
    return hmac.compare_digest(digest(secret), stored)
