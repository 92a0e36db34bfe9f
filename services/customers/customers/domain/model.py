"""The customers service's aggregates, persisted with SQLAlchemy 2.0 typed mappings.

Shortcut, named: the entities are declarative ORM classes rather than plain classes mapped
imperatively (cosmicpython); their behaviour still lives here and records what happened
(`self.record(CUSTOMER_MOVED, ...)`, names in domain/events.py), and the unit of work turns
those records into outbox rows.
`version` is SQLAlchemy's version counter: every UPDATE checks and bumps it.
"""
from __future__ import annotations

import uuid

from b2b_shared.auth.principal_tables import add_principal_tables, principals_table
from b2b_shared.db.tables import add_messaging_tables
from b2b_shared.db.types import Array
from b2b_shared.db.versioned import Versioned
from sqlalchemy import Boolean, Computed, ForeignKey, Index, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from . import events


class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)
add_principal_tables(Base.metadata)  # who may call us, from users-roles' events
# The same read model answers "has this customer an account?" (`?has_account=`): its customer users.
Index("ix_authz_principals_customer_users", principals_table(Base.metadata).c.customer_id,
      postgresql_where=text("kind = 'customer_user' AND NOT deleted"))

# Case- and accent-insensitive ICU order (level 1: base letters only), created by migration 0004.
# Deterministic, so equal-looking names still have an order and LIKE still works on them.
NAME_COLLATION = "und_ci_ai"


class CustomerGroup(Versioned, Base):
    __tablename__ = "customer_groups"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(100), unique=True)

    @classmethod
    def create(cls, **fields) -> "CustomerGroup":
        group = cls(id=uuid.uuid4(), **fields)
        group.record(events.GROUP_CREATED)
        return group

    def update(self, **changes) -> bool:
        return self.change(events.GROUP_UPDATED, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.GROUP_DELETED, last_state)


class Customer(Versioned, Base):
    __tablename__ = "customers"
    __table_args__ = (
        Index("ix_customers_name_id", "name", "id"),
        # Lists sort names as people read them, case and accents aside (`aardvark` before `V5`, `Äpfel`
        # beside `apfel`): an ICU collation, and its own index for the keyset. Shortcut, named: the
        # migration (0004) builds it on `name COLLATE und_ci_ai`; reflection does not see an index
        # column's collation, so declaring it here would make autogenerate see a difference forever.
        Index("ix_customers_name_ci_id", "name", "id"),
        Index("ix_customers_updated_at_id", "updated_at", "id"),
        # external_id is unique but nullable: the sort orders its nulls as '' (adapters/repository.py).
        Index("ix_customers_external_id_sort", text("coalesce(external_id, '')"), "id"),
        Index("ix_customers_created_at_id", "created_at", "id"),
        Index("ix_customers_parent_id", "parent_id"),
        Index("ix_customers_lineage", "lineage", postgresql_using="gin"),
        Index("ix_customers_group_id", "group_id"),
        Index("ix_customers_tags", "tags", postgresql_using="gin"),
        Index("ix_customers_sales_rep_ids", "sales_rep_ids", postgresql_using="gin"),  # ?sales_rep_id=
        # `q` is a case-insensitive substring search: a trigram index serves LIKE '%...%'.
        Index("ix_customers_search_text_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
    )

    # What the database computes (search_text) is never read back after an INSERT: without a RETURNING
    # to fetch it, a batch of new customers goes out as one pipelined executemany instead of one huge
    # multi-row statement that psycopg must parse (a quarter of an import batch's time, profiled).
    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version, "eager_defaults": False}

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(20), default="business")
    status: Mapped[str] = mapped_column(String(20), default="active")
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"))
    # The ids from the root down to this customer, itself included: subtree and ancestor reads are
    # one GIN-indexed lookup instead of a recursive walk. Derived from parent_id; kept by moves.
    # Deferred: reads never need it in Python, and converting it costs more than the rest of the row.
    lineage: Mapped[list[uuid.UUID]] = mapped_column(Array(UUID(as_uuid=True)), deferred=True)
    group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customer_groups.id", ondelete="RESTRICT"))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32))
    tax_code: Mapped[str | None] = mapped_column(String(100))
    # A consumer's own names (seed 003); a business customer is known by `name` alone (domain/consumers.py).
    first_name: Mapped[str | None] = mapped_column(String(255))
    last_name: Mapped[str | None] = mapped_column(String(255))
    vat_id: Mapped[str | None] = mapped_column(String(32))
    # What `q` searches, lower-cased in one column: one index and one LIKE per row instead of three
    # ILIKEs (bench/customers_list.py). A term spanning two fields could match; nobody types one.
    search_text: Mapped[str] = mapped_column(
        Text, Computed("lower(name || ' ' || coalesce(email, '') || ' ' || coalesce(external_id, ''))", persisted=True),
        deferred=True)
    # Array: read as psycopg returns it (b2b_shared.db.types); both are in every representation.
    sales_rep_ids: Mapped[list[uuid.UUID]] = mapped_column(Array(UUID(as_uuid=True)), default=list,
                                                          server_default=text("'{}'"))
    tags: Mapped[list[str]] = mapped_column(Array(String(64)), default=list, server_default=text("'{}'"))

    @classmethod
    def create(cls, parent_lineage: list[uuid.UUID], **fields) -> "Customer":
        """A new customer under the parent whose lineage is given (empty for a root)."""
        customer = cls(id=uuid.uuid4(), **fields)
        customer.lineage = [*parent_lineage, customer.id]
        customer.record(events.CUSTOMER_CREATED)
        return customer

    def update(self, **changes) -> bool:
        return self.change(events.CUSTOMER_UPDATED, **changes)

    def move_to(self, parent_id: uuid.UUID | None, parent_lineage: list[uuid.UUID]) -> None:
        if parent_id != self.parent_id:
            previous = self.parent_id
            self.parent_id = parent_id
            self.lineage = [*parent_lineage, self.id]
            self.record(events.CUSTOMER_MOVED, previous_parent_id=str(previous) if previous else None)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.CUSTOMER_DELETED, last_state)


class Address(Versioned, Base):
    __tablename__ = "customer_addresses"
    __table_args__ = (
        # At most one default per type per customer, enforced by the database too.
        Index("uq_addresses_default_billing", "customer_id", unique=True, postgresql_where=text("default_billing")),
        Index("uq_addresses_default_shipping", "customer_id", unique=True, postgresql_where=text("default_shipping")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    types: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list)
    default_billing: Mapped[bool] = mapped_column(Boolean, default=False)
    default_shipping: Mapped[bool] = mapped_column(Boolean, default=False)
    label: Mapped[str | None] = mapped_column(String(255))
    first_name: Mapped[str | None] = mapped_column(String(255))
    last_name: Mapped[str | None] = mapped_column(String(255))
    organization: Mapped[str | None] = mapped_column(String(255))
    street: Mapped[str] = mapped_column(String(255))
    street2: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str] = mapped_column(String(255))
    region_code: Mapped[str | None] = mapped_column(String(10))
    postal_code: Mapped[str | None] = mapped_column(String(32))
    country_code: Mapped[str] = mapped_column(String(2))
    phone: Mapped[str | None] = mapped_column(String(32))

    @classmethod
    def create(cls, customer_id: uuid.UUID, address_id: uuid.UUID | None = None, **fields) -> "Address":
        """`address_id` when the id is chosen first, for the defaults it takes (domain/addresses.py)."""
        address = cls(id=address_id or uuid.uuid4(), customer_id=customer_id, **fields)
        address.record(events.ADDRESS_CREATED)
        return address

    def update(self, **changes) -> bool:
        return self.change(events.ADDRESS_UPDATED, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.ADDRESS_DELETED, last_state)


class Note(Versioned, Base):
    """What was said about a customer, by whom. Only its author or an administrator changes or
    deletes it (`may_be_changed_by`): a note is someone's word, not a shared document."""

    __tablename__ = "customer_notes"
    __table_args__ = (Index("ix_customer_notes_customer_created", "customer_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))  # the token's subject
    author_name: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)

    @classmethod
    def create(cls, customer_id: uuid.UUID, **fields) -> "Note":
        note = cls(id=uuid.uuid4(), customer_id=customer_id, **fields)
        note.record(events.NOTE_CREATED)
        return note

    def may_be_changed_by(self, user_id: uuid.UUID | None, administrator: bool) -> bool:
        return administrator or (user_id is not None and user_id == self.author_id)

    def update(self, **changes) -> bool:
        return self.change(events.NOTE_UPDATED, **changes)

    def mark_deleted(self, last_state: dict) -> None:
        """Record the deletion; the repository removes the row."""
        self.record_deletion(events.NOTE_DELETED, last_state)
