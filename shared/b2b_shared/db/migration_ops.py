"""Alembic operations for the tables every service keeps (db/tables.py), for its migrations to call.

Each function is frozen at the revision it describes: a migration replays the same schema forever,
so a later change to these tables is a new function (`add_..._v2`) that a new revision calls,
never an edit here. tests/contracts/test_migrations.py checks every service's migrations build
exactly its models' schema."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


def create_outbox_and_inbox(op) -> None:
    """The transactional outbox the relay drains and the inbox that makes consumers idempotent."""
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(length=200), nullable=False),
        sa.Column("event_id", sa.String(length=200), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("envelope", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_outbox_subject", "outbox", ["subject", "seq"], unique=False)
    op.create_index("ix_outbox_unsent", "outbox", ["seq"], unique=False,
                    postgresql_where=sa.text("published_at IS NULL"))


def drop_outbox_and_inbox(op) -> None:
    op.drop_index("ix_outbox_unsent", table_name="outbox", postgresql_where=sa.text("published_at IS NULL"))
    op.drop_index("ix_outbox_subject", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("inbox")


def create_idempotency_keys(op) -> None:
    """The table behind Idempotency-Key (db/idempotency_keys.py), as first released."""
    op.create_table(
        "idempotency_keys",
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("effect_committed", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "key"),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"], unique=False)


def drop_idempotency_keys(op) -> None:
    op.drop_index("ix_idempotency_keys_expires_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
