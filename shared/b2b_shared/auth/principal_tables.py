"""The tables of a service's principal read model: who may call it, kept from users-roles' events.

A service adds them with `add_principal_tables(Base.metadata)`; its Alembic migration creates them
with `create_principal_tables(op)` so the columns are written once.
"""
from __future__ import annotations

from sqlalchemy import ARRAY, Boolean, Column, DateTime, Integer, MetaData, String, Table
from sqlalchemy.dialects.postgresql import JSONB, UUID


def principals_table(metadata: MetaData) -> Table:
    if "authz_principals" in metadata.tables:
        return metadata.tables["authz_principals"]
    return Table(
        "authz_principals", metadata,
        Column("id", UUID(as_uuid=True), primary_key=True),
        Column("kind", String(20), nullable=False),  # customer_user | staff
        Column("customer_id", UUID(as_uuid=True)),
        Column("enabled", Boolean, nullable=False),
        Column("staff_roles", ARRAY(String(50)), nullable=False, server_default="{}"),
        Column("role_ids", ARRAY(UUID(as_uuid=True)), nullable=False, server_default="{}"),
        # Tokens issued before this are refused: a password reset or a sign-out everywhere.
        Column("tokens_valid_after", DateTime(timezone=True)),
        Column("version", Integer, nullable=False),
        Column("deleted", Boolean, nullable=False, server_default="false"),
    )


def roles_table(metadata: MetaData) -> Table:
    if "authz_roles" in metadata.tables:
        return metadata.tables["authz_roles"]
    return Table(
        "authz_roles", metadata,
        Column("id", UUID(as_uuid=True), primary_key=True),
        Column("name", String(100), nullable=False),
        Column("permissions", JSONB, nullable=False),
        Column("version", Integer, nullable=False),
        Column("deleted", Boolean, nullable=False, server_default="false"),
    )


def add_principal_tables(metadata: MetaData) -> None:
    principals_table(metadata)
    roles_table(metadata)


def create_principal_tables(op) -> None:
    """For a service's Alembic migration: the same columns as the metadata above."""
    metadata = MetaData()
    add_principal_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_principal_tables(op) -> None:
    op.drop_table("authz_roles")
    op.drop_table("authz_principals")
