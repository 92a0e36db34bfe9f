"""Assignments of price lists, payment terms and tax codes to a level and target: listed within the
caller's reach, and looked up by what they assign."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort
from sqlalchemy import ColumnElement, exists, or_, select, true, tuple_

from ..domain.assignments import PriceListAssignment
from ..domain.levels import CUSTOMER
from ..domain.price_lists import PriceList
from ..domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment
from .repository import Repository


def reached_by(access, model) -> ColumnElement[bool]:
    """The customer-level rows within the caller's scope (an Access), and every other level:
    one at the group or default level belongs to no customer (services/targets.py)."""
    if access is None or access.unrestricted:
        return true()
    return or_(model.level != CUSTOMER, access.condition(model.target_id))


class AssignmentRepository(Repository):
    reference: str  # the column naming what is assigned

    def is_assigned(self, referenced_id: uuid.UUID) -> bool:
        column = getattr(self.model, self.reference)
        return self.session.scalar(select(exists().where(column == referenced_id)))

    def of_target(self, level: str, target_id: uuid.UUID) -> list:
        """Every assignment to this customer or group, locked: they are about to be removed."""
        stmt = select(self.model).where(self.model.level == level, self.model.target_id == target_id)
        return list(self.session.scalars(stmt.order_by(self.model.id).with_for_update()))

    def page(self, filters: dict, within, sort: Sort, limit: int, cursor: str | None):
        """The assignments `within` (the caller's Access) reaches, narrowed by the filters given
        (the reference, level, target_id; a None filter is none)."""
        stmt = select(self.model).where(reached_by(within, self.model))
        for name in (self.reference, "level", "target_id"):
            if filters.get(name) is not None:
                stmt = stmt.where(getattr(self.model, name) == filters[name])
        return self._page(stmt, sort, limit, cursor)


class PriceListAssignmentRepository(AssignmentRepository):
    model = PriceListAssignment
    reference = "price_list_id"
    sorts = {"created_at": PriceListAssignment.created_at}

    def export_page(self, filters: dict, after: uuid.UUID | None, limit: int):
        """Assignments the list's filters (or `ids`) select after the id `after`, in id order, each
        with its price list's name, and the next page's first id (None after the last)."""
        stmt = select(PriceListAssignment, PriceList.name).join(PriceList,
                                                                PriceList.id == PriceListAssignment.price_list_id)
        for name in ("price_list_id", "level", "target_id"):
            if filters.get(name) is not None:
                stmt = stmt.where(getattr(PriceListAssignment, name) == filters[name])
        if filters.get("ids"):
            stmt = stmt.where(PriceListAssignment.id.in_(filters["ids"]))
        if after is not None:
            stmt = stmt.where(PriceListAssignment.id > after)
        rows = self.session.execute(stmt.order_by(PriceListAssignment.id).limit(limit + 1)).all()
        return rows[:limit], (rows[limit - 1][0].id if len(rows) > limit else None)

    def find(self, price_list_id: uuid.UUID, level: str, target_id: uuid.UUID | None) -> PriceListAssignment | None:
        """The assignment of this list at this level and target (its unique key; none for the default level)."""
        target = PriceListAssignment.target_id
        stmt = select(PriceListAssignment).where(
            PriceListAssignment.price_list_id == price_list_id, PriceListAssignment.level == level,
            target.is_(None) if target_id is None else target == target_id)
        return self.session.scalars(stmt).first()


class _TermAssignmentRepository(AssignmentRepository):
    term: type  # PaymentTerm or TaxCode

    def assigned_to(self, targets: list[tuple[str, uuid.UUID]]) -> dict[tuple[str, uuid.UUID], object]:
        """(level, target) -> the term or code assigned there, for those of `targets` that have one."""
        stmt = (select(self.model.level, self.model.target_id, self.term)
                .join(self.term, getattr(self.model, self.reference) == self.term.id)
                .where(tuple_(self.model.level, self.model.target_id).in_(targets)))
        return {(level, target): term for level, target, term in self.session.execute(stmt)}


class PaymentTermAssignmentRepository(_TermAssignmentRepository):
    model = PaymentTermAssignment
    reference = "payment_term_id"
    term = PaymentTerm
    sorts = {"created_at": PaymentTermAssignment.created_at}


class TaxCodeAssignmentRepository(_TermAssignmentRepository):
    model = TaxCodeAssignment
    reference = "tax_code_id"
    term = TaxCode
    sorts = {"created_at": TaxCodeAssignment.created_at}
