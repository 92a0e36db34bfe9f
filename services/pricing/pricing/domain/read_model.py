"""What pricing knows of customers: built from customer.* events alone (DESIGN.md, Events).

A deleted customer stays as a tombstone, so that a late, older event cannot bring it back.
"""
from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import DateTime, Index, String, func
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from .model import Base


class CustomerView(Base):
    __tablename__ = "customer_read_model"
    __table_args__ = (Index("ix_customer_read_model_parent_id", "parent_id"),)

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    group_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    status: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int]
    deleted: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
