"""Who may call users-roles: read from its own tables (it owns users and roles, so it keeps no
principal read model), in one round trip on an autocommit connection."""
from __future__ import annotations

import uuid

from b2b_shared.auth.principals import PrincipalRow, RowSource
from sqlalchemy import Engine, bindparam, text
from sqlalchemy.dialects.postgresql import UUID

_PRINCIPAL = text("""
    SELECT u.kind, u.customer_id, u.enabled, u.staff_roles, u.tokens_valid_after, c.status,
           COALESCE((SELECT jsonb_agg(jsonb_build_array(r.name, r.permissions) ORDER BY r.name)
                       FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                      WHERE ur.user_id = u.id), '[]'::jsonb)
      FROM users u LEFT JOIN customer_read_model c ON c.id = u.customer_id
     WHERE u.id = :id
""").bindparams(bindparam("id", type_=UUID(as_uuid=True)))


def own_table_rows(engine: Engine) -> RowSource:
    def rows(subject: uuid.UUID) -> PrincipalRow | None:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            row = connection.execute(_PRINCIPAL, {"id": subject}).first()
        if row is None:
            return None
        return PrincipalRow(row[0], row[1], row[2], tuple(row[3] or ()), row[4], row[5],
                            tuple((name, permissions) for name, permissions in row[6]))
    return rows
