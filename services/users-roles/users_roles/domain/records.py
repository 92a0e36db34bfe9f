"""The service's other tables: the customer read model, refresh tokens, login throttles, keys.

`customer_read_model` keeps each known customer's lineage as a materialised path (root..self), so that
a CORPORATE check is one primary-key read plus an array membership test. A move rewrites the
paths of the moved customer's whole subtree in one UPDATE (GIN index on `path`).
"""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.db.versioned import utcnow
from sqlalchemy import ARRAY, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from .model import Base


class CustomerView(Base):
    """A customer as users-roles knows it: a row of the customer read model, kept from `customer.*`
    events only (services/customer_events.py)."""

    __tablename__ = "customer_read_model"
    __table_args__ = (Index("ix_customer_read_model_path", "path", postgresql_using="gin"),
                      Index("ix_customer_read_model_parent_id", "parent_id"))

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str] = mapped_column(String(20))  # active | inactive | deleted (a tombstone)
    version: Mapped[int] = mapped_column(Integer)
    path: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    sales_rep_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), default=list)
    # The customer's import key (unique at customers), so that an import names customers as people do
    # (messaging/import_rows.py). Not unique here: events of two customers may arrive out of order.
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class RefreshToken(Base):
    """One refresh token of a rotation family. Only a hash of its secret is stored."""

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    family_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), index=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Failed logins per email (known or not, so that throttling reveals no account)."""

    __tablename__ = "login_throttles"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)  # lower-cased
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SigningKey(Base):
    """JWT signing keys when no JWT_PRIVATE_KEYS_DIR is mounted (local runs, tests): shared by
    every process through the database. Production mounts the keys from a Secret instead."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
