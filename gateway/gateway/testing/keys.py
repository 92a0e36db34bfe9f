"""RSA signing keys of a test's own, their JWKS in a file (read by the gateway through a `file://`
JWKS_URL, as urllib allows), and tokens signed with them, well-formed or not."""
from __future__ import annotations

import json
import tempfile
import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER, AUDIENCE = "b2b-users-roles", "b2b-api"


class RsaKeys:
    def __init__(self):
        self._folder = Path(tempfile.mkdtemp(prefix="gateway-jwks-"))
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self._published: list[str] = []
        self.kid = self.add_key()

    @property
    def jwks_url(self) -> str:
        return (self._folder / "jwks.json").as_uri()

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        return self.keys[self.kid]

    def add_key(self, publish: bool = True) -> str:
        """A new key (its kid); `publish=False` keeps it out of the JWKS (an unknown kid)."""
        kid = uuid.uuid4().hex
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if publish:
            self.publish(kid)
        return kid

    def publish(self, kid: str) -> None:
        self._published.append(kid)
        self._write()

    def claims(self, **overrides) -> dict:
        now = int(time.time())
        return {"sub": str(uuid.uuid4()), "kind": "staff", "iss": ISSUER, "aud": AUDIENCE, "iat": now,
                "exp": now + 600, "jti": uuid.uuid4().hex, **overrides}

    def token(self, kid: str | None = None, headers: dict | None = None, **claims) -> str:
        kid = kid or self.kid
        return jwt.encode(self.claims(**claims), self.keys[kid], algorithm="RS256",
                          headers={"kid": kid, **(headers or {})})

    def _write(self) -> None:
        keys = [{**json.loads(RSAAlgorithm.to_jwk(self.keys[kid].public_key())), "kid": kid, "alg": "RS256",
                 "use": "sig"} for kid in self._published]
        staged = self._folder / "jwks.json.new"
        staged.write_text(json.dumps({"keys": keys}))
        staged.replace(self._folder / "jwks.json")  # atomic: a reader never sees half a key set


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
