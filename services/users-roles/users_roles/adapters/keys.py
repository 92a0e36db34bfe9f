"""The JWT signing keys: several published at once so a key can be rotated without downtime.

Two sources. `JWT_PRIVATE_KEYS_DIR`: one PEM private key per file, kid = file name without
`.pem`; production mounts them from a Secret. Otherwise the `signing_keys` table, so every
process of a local run or a test signs and publishes the same keys. Either way the newest key
signs (the last file name in sort order, or the latest row) and all are published.
Rotation: add a key, and it signs at once (a verifier meeting its new kid refreshes its JWKS);
remove or retire the old key once the longest access-token lifetime has passed. Keys are
re-read every `reload_seconds`, so no process needs a restart.
"""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import Engine, func, insert, select

from ..domain.records import SigningKey
from .seed_lock import take_seed_lock


@dataclass(frozen=True)
class Key:
    kid: str
    private_key: rsa.RSAPrivateKey

    def jwk(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}


def new_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _load(kid: str, pem: str) -> Key:
    return Key(kid, serialization.load_pem_private_key(pem.encode(), password=None))


def keys_from_dir(directory: str) -> list[Key]:
    """Oldest first; name the files so that the newest sorts last (e.g. 2026-05-01.pem)."""
    return [_load(path.stem, path.read_text()) for path in sorted(Path(directory).glob("*.pem"))]


def keys_from_db(engine: Engine) -> list[Key]:
    with engine.connect() as db:
        rows = db.execute(select(SigningKey.kid, SigningKey.private_pem)
                          .where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at)).all()
    return [_load(kid, pem) for kid, pem in rows]


def add_db_key(engine: Engine) -> str:
    """Add a newer key to the table (it signs from now on); returns its kid."""
    kid = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    with engine.begin() as db:
        db.execute(insert(SigningKey).values(kid=kid, private_pem=new_private_pem()))
    return kid


def ensure_db_key(engine: Engine) -> None:
    """At first start, a key in the table unless one there still signs. Added after setup's lock
    is released, so two pods starting together may add one each: harmless, both are published."""
    with engine.begin() as db:
        take_seed_lock(db)
        has_key = db.scalar(select(func.count()).select_from(SigningKey).where(SigningKey.retired_at.is_(None)))
    if not has_key:
        add_db_key(engine)


class KeyRing:
    def __init__(self, load, reload_seconds: float = 60):
        self._load = load
        self._reload = reload_seconds
        self._keys: list[Key] = []
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def keys(self) -> list[Key]:
        with self._lock:
            if time.monotonic() - self._loaded_at > self._reload or not self._keys:
                self._keys = self._load()
                self._loaded_at = time.monotonic()
            if not self._keys:
                raise RuntimeError("No JWT signing key: mount JWT_PRIVATE_KEYS_DIR or run the migrate entrypoint.")
            return self._keys

    def signing_key(self) -> Key:
        return self.keys()[-1]

    def jwks(self) -> dict:
        """Read afresh: verifiers fetch it rarely, and must see a new key as soon as any process signs with it."""
        return {"keys": [key.jwk() for key in self._load()]}
