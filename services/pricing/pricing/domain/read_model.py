"""What pricing knows of customers and customer groups: built from customer.* and
customer_group.* events alone (docs/architecture.md, Events). Writes that name a customer or a
group are checked against it (services/references.py).

A deleted customer stays as a tombstone, so that a late, older event cannot bring it back; its
status reads 'deleted', so that its users are refused (b2b_shared.auth.principals).
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ARRAY, DateTime, Index, String, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ..adapters.orm import Base


class CustomerView(Base):
    __tablename__ = "customer_read_model"
    __table_args__ = (Index("ix_customer_read_model_parent_id", "parent_id"),
                      Index("ix_customer_read_model_lineage", "lineage", postgresql_using="gin"))

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    group_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str | None] = mapped_column(String(20))
    # The customer's own tax code, as the customers service holds it: the one truth of a
    # customer-level tax code (services/terms.py, effective_for).
    tax_code: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)
    # For authorization (b2b_shared.auth.hierarchy): ancestors and self, root first; a customer
    # that arrives before its parent has [parent, self] until the parent's event completes it.
    lineage: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), server_default="{}")
    sales_rep_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), server_default="{}")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CustomerGroupView(Base):
    """A group is known here once its customer_group.created (or .snapshot) arrived; a deleted one
    stays as a tombstone, as a customer does."""

    __tablename__ = "customer_group_read_model"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    version: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
