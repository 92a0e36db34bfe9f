"""Payment terms and customer tax codes, each assigned to at most one term/code per customer or group."""
from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from ..adapters.orm import Base
from . import events
from .resource import Resource


class PaymentTerm(Resource, Base):
    __tablename__ = "payment_terms"
    __table_args__ = (CheckConstraint("net_days >= 0", name="ck_payment_terms_net_days"),
                      Index("ix_payment_terms_label_id", "label", "id"))
    event_names = events.PAYMENT_TERM_EVENTS

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    label: Mapped[str] = mapped_column(String(255))
    net_days: Mapped[int] = mapped_column(default=30)  # 0 = due on receipt


class PaymentTermAssignment(Resource, Base):
    __tablename__ = "payment_term_assignments"
    __table_args__ = (Index("uq_payment_term_assignments_target", "level", "target_id", unique=True),)
    event_names = events.PAYMENT_TERM_ASSIGNMENT_EVENTS

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    payment_term_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payment_terms.id", ondelete="RESTRICT"))
    level: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))


class TaxCode(Resource, Base):
    __tablename__ = "tax_codes"
    event_names = events.TAX_CODE_EVENTS

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str | None] = mapped_column(String(1000))


class TaxCodeAssignment(Resource, Base):
    __tablename__ = "tax_code_assignments"
    __table_args__ = (Index("uq_tax_code_assignments_target", "level", "target_id", unique=True),)
    event_names = events.TAX_CODE_ASSIGNMENT_EVENTS

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    tax_code_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tax_codes.id", ondelete="RESTRICT"))
    level: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
