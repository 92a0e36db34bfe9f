"""Test identities: a signing key of the test session's own, and principals put into a service's
principal read model through the same handlers its consumer runs.

    keys = SigningKeys()                                   # JWKS served from a file:// URL
    config = load_config().with_(jwks_url=keys.jwks_url)
    people = Identities(keys, engine)
    headers = people.staff("administrator")                # {"Authorization": "Bearer ..."}
    headers = people.customer_user(customer_id, [{"resource": "customer", "action": "VIEW",
                                                  "access_level": "DEPARTMENT"}])
"""
from __future__ import annotations

import json
import tempfile
import time
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from ..auth.principal_events import PRINCIPAL_HANDLERS
from ..messaging.envelope import CloudEvent, make_envelope, to_json

ISSUER, AUDIENCE = "b2b-users-roles", "b2b-api"


class SigningKeys:
    def __init__(self):
        self.kid = uuid.uuid4().hex
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        folder = Path(tempfile.mkdtemp(prefix="b2b-jwks-"))
        (folder / "jwks.json").write_text(json.dumps({"keys": [{**jwk, "kid": self.kid, "alg": "RS256",
                                                                 "use": "sig"}]}))
        self.jwks_url = (folder / "jwks.json").as_uri()

    def token(self, sub: str, kind: str, seconds: int = 600, **claims) -> str:
        now = int(time.time())
        body = {"sub": sub, "kind": kind, "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + seconds,
                "jti": uuid.uuid4().hex, **claims}
        return jwt.encode(body, self.private_key, algorithm="RS256", headers={"kid": self.kid})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def event(event_type: str, data: dict) -> CloudEvent:
    envelope = make_envelope(event_type, "/b2b/users-roles", str(data["id"]), data, None)
    return CloudEvent.from_json(to_json(envelope).encode())


class Identities:
    """Principals of a service's read model, as users-roles' events would make them."""

    def __init__(self, keys: SigningKeys, engine: Engine):
        self.keys = keys
        self.engine = engine
        self.versions: dict[str, int] = {}
        self.last: dict[str, dict] = {}  # events carry the whole resource: a change repeats the rest

    def apply(self, event_type: str, data: dict) -> None:
        self.versions[data["id"]] = version = self.versions.get(data["id"], 0) + 1
        self.last[data["id"]] = data = {**self.last.get(data["id"], {}), **data, "version": version}
        with Session(self.engine) as session, session.begin():
            PRINCIPAL_HANDLERS[event_type](session, event(event_type, data))

    def role(self, permissions: list[dict], name: str | None = None) -> str:
        role_id = str(uuid.uuid4())
        self.apply("role.created", {"id": role_id, "name": name or f"ROLE_{role_id[:8]}",
                                    "permissions": permissions})
        return role_id

    def staff(self, *staff_roles: str, user_id: str | None = None) -> dict:
        user_id = user_id or str(uuid.uuid4())
        self.apply("staff_user.created", {"id": user_id, "staff_roles": list(staff_roles), "enabled": True})
        return bearer(self.keys.token(user_id, "staff", roles=list(staff_roles)))

    def customer_user(self, customer_id, permissions: list[dict], user_id: str | None = None) -> dict:
        user_id = user_id or str(uuid.uuid4())
        role_id = self.role(permissions)
        self.apply("customer_user.created", {"id": user_id, "customer_id": str(customer_id), "enabled": True,
                                             "role_ids": [role_id]})
        return bearer(self.keys.token(user_id, "customer_user", customer_id=str(customer_id)))

    def disable(self, user_id: str, kind: str = "customer_user", **data) -> None:
        self.apply(f"{kind}.disabled", {"id": user_id, "enabled": False, **data})

    def service(self, *scopes: str, client_id: str = "test-client") -> dict:
        return bearer(self.keys.token(client_id, "service", scope=" ".join(scopes)))


def user_id_of(headers: dict) -> str:
    token = headers["Authorization"].split(" ", 1)[1]
    return jwt.decode(token, options={"verify_signature": False})["sub"]


def administrator_access(resource: str = "customer", action: str = "EDIT"):
    """An administrator's Access, for calling a use case directly (below the HTTP layer)."""
    from ..auth.principal import STAFF, Principal
    from ..auth.scope import EVERYTHING
    from ..http.access import Access

    principal = Principal(STAFF, str(uuid.uuid4()), staff_roles=frozenset({"administrator"}))
    return Access(principal, resource, action, EVERYTHING)


def client_as(app, headers: dict):
    """A Flask test client whose every request carries `headers`' Authorization."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = headers["Authorization"]
    return client
