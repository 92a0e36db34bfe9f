"""Contact persons of a customer (seed 002: name, emails and numbers; seed 003: first and last name,
phone). At most one is the primary contact: making one primary takes the flag from the other, in
the same commit, and a partial unique index holds the rule in the database too."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import Versioned
from sqlalchemy import Boolean, ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Mapped, mapped_column

from . import events
from .model import Base

MAX_EMAILS = MAX_PHONES = 10


class Contact(Versioned, Base):
    __tablename__ = "customer_contacts"
    __table_args__ = (
        Index("ix_customer_contacts_customer_name", "customer_id", "last_name", "first_name", "id"),
        Index("uq_customer_contacts_primary", "customer_id", unique=True, postgresql_where=text("is_primary")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    first_name: Mapped[str | None] = mapped_column(String(255))
    last_name: Mapped[str] = mapped_column(String(255))
    job_title: Mapped[str | None] = mapped_column(String(255))
    emails: Mapped[list[str]] = mapped_column(ARRAY(String(320)), default=list, server_default=text("'{}'"))
    phones: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list, server_default=text("'{}'"))  # E.164
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))

    @classmethod
    def create(cls, customer_id: uuid.UUID, contact_id: uuid.UUID | None = None, **fields) -> "Contact":
        contact = cls(id=contact_id or uuid.uuid4(), customer_id=customer_id, **fields)
        contact.record(events.CONTACT_CREATED)
        return contact

    def update(self, **changes) -> bool:
        return self.change(events.CONTACT_UPDATED, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.CONTACT_DELETED, last_state)


def take_over_primary(contact_id: uuid.UUID, others: list[Contact]) -> None:
    """The contact `contact_id` becomes primary: whichever other was primary stops being so."""
    for other in others:
        if other.id != contact_id and other.is_primary:
            other.update(is_primary=False)
