"""What pricing knows of customers: built from customer.* events alone (docs/architecture.md, Events).

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
    version: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)
    # For authorization (b2b_shared.auth.hierarchy): ancestors and self, root first; a customer
    # that arrives before its parent has [parent, self] until the parent's event completes it.
    lineage: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), server_default="{}")
    sales_rep_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)), server_default="{}")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
