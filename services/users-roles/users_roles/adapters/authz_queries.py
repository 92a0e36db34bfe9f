"""The authorization hot path: one round trip to the database reading the user, its roles'
permissions and the owner customer's lineage together; for a decision on its own (POST
/api/v1/authz/check), on an autocommit connection (no BEGIN/ROLLBACK round trips)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SubjectRow:
    kind: str
    customer_id: uuid.UUID | None
    enabled: bool
    roles: list[tuple[uuid.UUID, str, list[dict]]]  # (role id, name, permissions)
    owner_lineage: tuple[uuid.UUID, ...] | None = None  # None: owner not in the read model


# Built once: composing the statement per request cost more than running it.
_SUBJECT = text("""
    SELECT u.kind, u.customer_id, u.enabled, r.id, r.name, r.permissions,
           (SELECT c.path FROM customer_read_model c WHERE c.id = :owner) AS owner_path
      FROM users u
      LEFT JOIN user_roles ur ON ur.user_id = u.id
      LEFT JOIN roles r ON r.id = ur.role_id
     WHERE u.id = :user
""").bindparams(bindparam("user", type_=UUID(as_uuid=True)), bindparam("owner", type_=UUID(as_uuid=True)))


class Subjects:
    """The users authorization decides for, each with its roles and the owner's lineage."""

    def __init__(self, session: Session):
        self.session = session

    def get(self, user_id: uuid.UUID, owner_customer_id: uuid.UUID | None = None,
            autocommit: bool = False) -> SubjectRow | None:
        """The user with its roles (LEFT JOINs: a user may hold none) and the owner's lineage.
        `autocommit` only while nothing else has used the session: its connection is set up so."""
        options = {"isolation_level": "AUTOCOMMIT"} if autocommit else {}
        connection = self.session.connection(execution_options=options)
        rows = connection.execute(_SUBJECT, {"user": user_id, "owner": owner_customer_id}).all()
        if not rows:
            return None
        kind, customer_id, enabled = rows[0][:3]
        roles = [(row[3], row[4], row[5]) for row in rows if row[3] is not None]
        path = rows[0][6]
        return SubjectRow(kind, customer_id, enabled, roles, tuple(path) if path else None)
