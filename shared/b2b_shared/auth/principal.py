"""Who is calling: built from a verified access token and what the service knows of its subject.

Three kinds (the token's `kind` claim): a customer user (held to its roles' levels), a staff
user (held to its staff roles), and a service acting as itself (client-credentials grant, held
to the `scope` its token was issued with).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from .levels import Level, Permissions

CUSTOMER_USER, STAFF, SERVICE = "customer_user", "staff", "service"

# Back-office staff roles (docs/architecture.md): everything; the customers naming them and their
# subsidiaries; read only.
ADMINISTRATOR, SALES_REPRESENTATIVE, SUPPORT = "administrator", "sales_representative", "support"
STAFF_ROLES = (ADMINISTRATOR, SALES_REPRESENTATIVE, SUPPORT)


@dataclass(frozen=True)
class Principal:
    kind: str
    subject: str  # the token's `sub`: a user id, or a service's client id
    customer_id: uuid.UUID | None = None
    staff_roles: frozenset[str] = frozenset()
    permissions: Permissions = field(default_factory=dict)  # customer users: their roles' levels
    scopes: frozenset[str] = frozenset()  # services: "resource:ACTION" entries
    roles: tuple[str, ...] = ()  # role names, for /me

    @property
    def user_id(self) -> uuid.UUID | None:
        return uuid.UUID(self.subject) if self.kind != SERVICE else None

    def level(self, resource: str, action: str) -> Level:
        return self.permissions.get((resource, action), Level.NONE)

    def is_staff(self, *roles: str) -> bool:
        return self.kind == STAFF and bool(self.staff_roles & set(roles or STAFF_ROLES))
