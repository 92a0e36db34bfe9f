"""The users-roles aggregates, persisted with SQLAlchemy 2.0 typed mappings.

Shortcut, named (as in customers): entities are declarative ORM classes; their behaviour lives
here and records what happened (`self.record(...)`, names in domain/events.py); the unit of work
turns those records into outbox rows.
Customer users and staff users share one `users` table (single-table inheritance) so that an
email is unique across both and login needs one lookup; the API keeps them apart.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar

from b2b_shared.db.tables import add_messaging_tables
from b2b_shared.db.versioned import Versioned, utcnow
from sqlalchemy import ARRAY, Boolean, Column, DateTime, ForeignKey, Index, String, Table, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from . import events


class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)


user_roles = Table(
    "user_roles", Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("role_id", ForeignKey("roles.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class Role(Versioned, Base):
    __tablename__ = "roles"
    __table_args__ = (
        # Global roles have no customer: NULLS NOT DISTINCT makes their labels unique too (PG 15+).
        Index("uq_roles_customer_label", "customer_id", "label", unique=True, postgresql_nulls_not_distinct=True),
        Index("uq_roles_customer_name", "customer_id", "name", unique=True, postgresql_nulls_not_distinct=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(100))
    label: Mapped[str] = mapped_column(String(255))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), index=True)
    self_managed: Mapped[bool] = mapped_column(Boolean, default=False)
    permissions: Mapped[list[dict]] = mapped_column(JSONB, default=list)

    @classmethod
    def create(cls, **fields) -> "Role":
        role = cls(id=uuid.uuid4(), **fields)
        role.record(events.ROLE_CREATED)
        return role

    def update(self, **changes) -> bool:
        return self.change(events.ROLE_UPDATED, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.ROLE_DELETED, last_state)


class User(Versioned, Base):
    __tablename__ = "users"
    __table_args__ = (
        # Email is unique case-insensitively, across customer users and staff alike.
        Index("uq_users_email", text("lower(email)"), unique=True),
        Index("ix_users_customer_id", "customer_id", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))  # customer users only
    staff_roles: Mapped[list[str] | None] = mapped_column(ARRAY(String(50)))  # staff only
    email: Mapped[str] = mapped_column(String(320))
    first_name: Mapped[str] = mapped_column(String(255))
    last_name: Mapped[str] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(32))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # Access tokens issued before this are refused by every service (b2b_shared.auth.principals):
    # a password change or reset and a disabling take effect in seconds, not at token expiry.
    tokens_valid_after: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # When the deactivation of its customer disabled the user (null otherwise): the customer's
    # reactivation re-enables exactly these. Enabling or disabling the user by hand clears it, so
    # an administrator's decision is never undone by the customer's status (migration 0003).
    disabled_with_customer: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    event_names: ClassVar[events.UserEvents]  # each kind of user names its own

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version, "polymorphic_on": cls.__table__.c.kind}

    @classmethod
    def create(cls, **fields) -> "User":
        """A new user of this kind, its password already hashed."""
        user = cls(id=uuid.uuid4(), **fields)
        user.record(cls.event_names.created)
        return user

    def update(self, **fields) -> None:
        """Disabling is its own event, and it cuts off every token issued before it. Naming
        `enabled` (even unchanged) is a decision by hand: the customer's status no longer decides."""
        if "enabled" in fields:
            fields["disabled_with_customer"] = None
        disabling = fields.get("enabled") is False and self.enabled
        if disabling:
            self.tokens_valid_after = utcnow()
        self.change(self.event_names.disabled if disabling else self.event_names.updated, **fields)

    def set_password_hash(self, password_hash: str) -> None:
        """A new password signs the user out everywhere; the event carries only the cut-off."""
        self.password_hash = password_hash  # never part of an event or a response
        self.revoke_tokens()

    def revoke_tokens(self) -> None:
        self.tokens_valid_after = utcnow()
        self.record(self.event_names.updated)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(self.event_names.deleted, last_state)


class CustomerUser(User):
    __mapper_args__ = {"polymorphic_identity": "customer_user"}
    event_names = events.CUSTOMER_USER_EVENTS

    roles: Mapped[list[Role]] = relationship(secondary=user_roles, lazy="selectin", order_by=Role.name)

    @property
    def role_ids(self) -> list[uuid.UUID]:
        return [role.id for role in self.roles]

    def assign_roles(self, roles: list[Role]) -> None:
        if {r.id for r in roles} != set(self.role_ids):
            self.roles = roles
            self.updated_at = utcnow()  # the row must change too, so that its version counts this
            self.record(events.CUSTOMER_USER_UPDATED)

    def disable(self, with_customer: dt.datetime | None = None) -> None:
        """Disabled because its customer stopped being active; `with_customer` (the moment) marks
        it to be re-enabled when the customer is active again (not given for a deleted customer)."""
        if self.enabled:
            self.enabled = False
            self.tokens_valid_after = utcnow()
            self.disabled_with_customer = with_customer
            self.record(events.CUSTOMER_USER_DISABLED)

    def enable_with_customer(self) -> None:
        """Its customer is active again: re-enabled as if by hand (the same `customer_user.updated`),
        if its customer's deactivation disabled it. Its old tokens stay cut off."""
        if self.disabled_with_customer is not None:
            self.update(enabled=True)

    def forget_customer(self) -> None:
        """Its customer was deleted: nothing will re-enable it any more."""
        self.change(events.CUSTOMER_USER_UPDATED, disabled_with_customer=None)


class StaffUser(User):
    """Back-office staff: administrators and sales representatives (`staff_roles`)."""

    __mapper_args__ = {"polymorphic_identity": "staff"}
    event_names = events.STAFF_USER_EVENTS

