"""The outbox and inbox tables every service keeps in its own database.

A service adds them to its metadata with `add_messaging_tables(Base.metadata)`, so its Alembic
migrations create them like any other table.
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Identity, Index, MetaData, String, Table, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from .idempotency_keys import idempotency_keys_table


def outbox_table(metadata: MetaData) -> Table:
    if "outbox" in metadata.tables:
        return metadata.tables["outbox"]
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, Identity(), primary_key=True),
        Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("subject", Text, nullable=False),
        Column("envelope", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        # The relay only ever scans what is still unsent.
        Index("ix_outbox_unsent", "seq", postgresql_where=text("published_at IS NULL")),
        Index("ix_outbox_subject", "subject", "seq"),
    )


def inbox_table(metadata: MetaData) -> Table:
    if "inbox" in metadata.tables:
        return metadata.tables["inbox"]
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(200), primary_key=True),
        Column("event_id", String(200), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def add_messaging_tables(metadata: MetaData) -> None:
    """The outbox and inbox, and the table behind Idempotency-Key (db/idempotency_keys.py)."""
    outbox_table(metadata)
    inbox_table(metadata)
    idempotency_keys_table(metadata)
