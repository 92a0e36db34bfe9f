"""Which service owns which first path segment after /api/v1 (docs/architecture.md, "HTTP API conventions"),
and the paths the gateway answers itself."""
from __future__ import annotations

from b2b_shared import suite

# From the suite's registry (b2b_shared/suite/registry.toml): a planned service is routed already
# and answers 503 until it is deployed.
SEGMENTS = {segment: service.name for service in suite.entries() for segment in service.segments}
DEFAULT_PORTS = {service.name: service.port for service in suite.entries()}

# The gateway's own segment: GET /api/v1/me is answered by users-roles' /api/v1/authz/me.
ME_PATH = "/api/v1/me"
ME_UPSTREAM = ("users-roles", "/api/v1/authz/me")
# users-roles' key set, passed through unchanged (clients and other verifiers read it here).
JWKS_PATH, JWKS_SERVICE = "/.well-known/jwks.json", "users-roles"

# Paths whose bodies are files: they get MAX_UPLOAD_BYTES instead of MAX_BODY_BYTES.
UPLOAD_PREFIXES = ("/api/v1/import-jobs",)


def owner_of(path: str) -> str | None:
    """The service that serves `path` through the gateway (None: nobody does)."""
    if path == JWKS_PATH:
        return JWKS_SERVICE
    parts = path.split("/")
    if len(parts) < 4 or parts[1:3] != ["api", "v1"]:
        return None
    return SEGMENTS.get(parts[3])
