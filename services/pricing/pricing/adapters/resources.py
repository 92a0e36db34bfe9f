"""The repositories of price lists, payment terms, tax codes and fallbacks."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort
from sqlalchemy import select

from ..domain.assignments import PriceListFallback
from ..domain.price_lists import PriceList
from ..domain.terms import PaymentTerm, TaxCode
from .repository import Repository


class PriceListRepository(Repository):
    model = PriceList
    sorts = {"name": PriceList.name, "created_at": PriceList.created_at}

    def page(self, q: str | None, active: bool | None, sort: Sort, limit: int, cursor: str | None):
        """Lists whose name contains `q` (any case), active or not as asked."""
        stmt = select(PriceList)
        if q:
            stmt = stmt.where(PriceList.name.icontains(q, autoescape=True))
        if active is not None:
            stmt = stmt.where(PriceList.active == active)
        return self._page(stmt, sort, limit, cursor)

    def named(self, name: str, limit: int = 2) -> list[PriceList]:
        """The lists with exactly this name (names need not be unique): an import names its list."""
        stmt = select(PriceList).where(PriceList.name == name).order_by(PriceList.id).limit(limit)
        return list(self.session.scalars(stmt))


class _TermRepository(Repository):
    def page(self, sort: Sort, limit: int, cursor: str | None):
        return self._page(select(self.model), sort, limit, cursor)


class PaymentTermRepository(_TermRepository):
    model = PaymentTerm
    sorts = {"label": PaymentTerm.label}


class TaxCodeRepository(_TermRepository):
    model = TaxCode
    sorts = {"code": TaxCode.code}

    def by_codes(self, codes: set[str]) -> dict[str, TaxCode]:
        if not codes:
            return {}
        return {found.code: found for found in self.session.scalars(select(TaxCode).where(TaxCode.code.in_(codes)))}


class FallbackRepository:
    """One row per customer or group that ever set its fallback; none for the rest."""

    def __init__(self, session):
        self.session = session

    def find(self, level: str, target_id: uuid.UUID, for_update: bool = False) -> PriceListFallback | None:
        stmt = select(PriceListFallback).where(PriceListFallback.level == level,
                                               PriceListFallback.target_id == target_id)
        return self.session.scalars(stmt.with_for_update() if for_update else stmt).first()

    def add(self, fallback: PriceListFallback) -> None:
        self.session.add(fallback)
