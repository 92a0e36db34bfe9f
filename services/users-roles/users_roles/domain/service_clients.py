"""Service identities for the OAuth 2.0 client-credentials grant (RFC 6749 section 4.4).

Clients come from configuration (a Kubernetes Secret in production), each with the SHA-256 of
its secret and the narrow `resource:ACTION` scopes it may act with. Only hashes are kept; a
256-bit random secret needs no slow hash.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceClient:
    client_id: str
    secret_sha256: str
    scopes: tuple[str, ...]

    def accepts(self, secret: str) -> bool:
        return hmac.compare_digest(hashlib.sha256(secret.encode()).hexdigest(), self.secret_sha256.lower())


def parse_clients(raw: str) -> dict[str, ServiceClient]:
    document = json.loads(raw or "{}")
    return {client_id: ServiceClient(client_id, str(entry["secret_sha256"]), tuple(entry.get("scopes", ())))
            for client_id, entry in document.items()}


_NOBODY = ServiceClient("", hashlib.sha256(b"no client has this secret").hexdigest(), ())


def authenticate(clients: dict[str, ServiceClient], client_id: str, secret: str) -> ServiceClient | None:
    """The client, or None; an unknown id costs the same comparison as a wrong secret."""
    client = clients.get(client_id, _NOBODY)
    return client if client.accepts(secret) and client is not _NOBODY else None
