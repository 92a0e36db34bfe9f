"""The authorization hot path: one round trip to the database reading the user, its roles'
permissions and the owner customer's lineage together; for a decision on its own (POST
/api/v1/authz/check), without a transaction (no BEGIN/ROLLBACK round trips: UnitOfWork.without_transaction)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from b2b_shared.db.reads import Read
from b2b_shared.db.types import Array
from sqlalchemy import Boolean, String, bindparam, column, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SubjectRow:
    kind: str
    customer_id: uuid.UUID | None
    enabled: bool
    roles: list[tuple[uuid.UUID, str, list[dict]]]  # (role id, name, permissions)
    owner_lineage: tuple[uuid.UUID, ...] | None = None  # None: owner not in the read model


# Built once: composing the statement per request cost more than running it; a Read, so that a
# decision on its own runs it straight on the driver (b2b_shared.db.reads). Its columns are declared: their types.
_SUBJECT = Read(text("""
    SELECT u.kind, u.customer_id, u.enabled, r.id, r.name, r.permissions,
           (SELECT c.path FROM customer_read_model c WHERE c.id = :owner) AS owner_path
      FROM users u
      LEFT JOIN user_roles ur ON ur.user_id = u.id
      LEFT JOIN roles r ON r.id = ur.role_id
     WHERE u.id = :user
""").bindparams(bindparam("user", type_=UUID(as_uuid=True)), bindparam("owner", type_=UUID(as_uuid=True))).columns(
    column("kind", String), column("customer_id", UUID(as_uuid=True)), column("enabled", Boolean),
    column("id", UUID(as_uuid=True)), column("name", String), column("permissions", JSONB),
    column("owner_path", Array(UUID(as_uuid=True)))))


class Subjects:
    """The users authorization decides for, each with its roles and the owner's lineage."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, user_id: uuid.UUID, owner_customer_id: uuid.UUID | None = None) -> SubjectRow | None:
        """The user with its roles (LEFT JOINs: a user may hold none) and the owner's lineage."""
        rows = _SUBJECT.all(self.session, {"user": user_id, "owner": owner_customer_id})
        if not rows:
            return None
        kind, customer_id, enabled = rows[0][:3]
        roles = [(row[3], row[4], row[5]) for row in rows if row[3] is not None]
        path = rows[0][6]
        return SubjectRow(kind, customer_id, enabled, roles, tuple(path) if path else None)
