"""The table behind `Idempotency-Key` (http/idempotency.py), in every service's own database.

One row per (caller, key): the request's fingerprint, and once answered its status, headers and
body. `effect_committed` is set by the unit of work in the same transaction as the write the
request made (db/unit_of_work.py), so that after a crash a key whose write committed is never run
again, and one whose write did not may be."""
from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy import Boolean, Column, DateTime, Integer, LargeBinary, MetaData, String, Table, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

# (owner, key) of the request being answered under an Idempotency-Key, for the unit of work to mark.
CURRENT_KEY: ContextVar[tuple[str, str] | None] = ContextVar("idempotency_key", default=None)


def idempotency_keys_table(metadata: MetaData) -> Table:
    if "idempotency_keys" in metadata.tables:
        return metadata.tables["idempotency_keys"]
    return Table(
        "idempotency_keys",
        metadata,
        Column("owner", String(200), primary_key=True),  # the caller: a principal's subject
        Column("key", String(255), primary_key=True),
        Column("fingerprint", String(64), nullable=False),  # sha256 of method, path and body
        Column("effect_committed", Boolean, nullable=False, server_default="false"),
        Column("status", Integer),  # null while the first request is being answered
        Column("headers", JSONB),
        Column("body", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    )


_MARK = text("UPDATE idempotency_keys SET effect_committed = true WHERE owner = :owner AND key = :key")


def mark_effect_committed(session: Session) -> None:
    """In the unit of work's transaction: this request's write commits with the mark, or neither does."""
    current = CURRENT_KEY.get()
    if current is not None:
        session.execute(_MARK, {"owner": current[0], "key": current[1]})
