"""Which service owns which first path segment after /api/v1 (DESIGN.md, "HTTP API conventions")."""
from __future__ import annotations

SEGMENTS = {
    "customers": "customers",
    "customer-groups": "customers",
    "tags": "customers",
    "customer-users": "users-roles",
    "staff-users": "users-roles",
    "roles": "users-roles",
    "auth": "users-roles",
    "authz": "users-roles",
    "price-lists": "pricing",
    "price-list-assignments": "pricing",
    "prices": "pricing",
    "payment-terms": "pricing",
    "payment-term-assignments": "pricing",
    "tax-codes": "pricing",
    "balances": "pricing",
    "import-jobs": "import",
    "export-jobs": "import",
    "import-templates": "import",
}

DEFAULT_PORTS = {"customers": 8001, "users-roles": 8002, "pricing": 8003, "import": 8004}
