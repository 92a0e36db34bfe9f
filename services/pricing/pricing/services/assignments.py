"""Price list assignments and the per-customer / per-group fallback setting. Each takes the
caller's Access: a customer-level one is its customer's (services/targets.py)."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.http.access import Access
from sqlalchemy import select

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.price_lists import PriceList, PriceListAssignment, PriceListFallback
from . import crud
from .targets import check_new_target, check_target, record_check, visible

KIND = "price_list_assignment"


def _list_exists(uow: PricingUnitOfWork, data: dict) -> None:
    crud.require(uow, PriceList, data["price_list_id"], "price_list_id")


def create_assignment(uow: PricingUnitOfWork, access: Access, data: dict) -> PriceListAssignment:
    check_new_target(access, data)
    return crud.create(uow, PriceListAssignment, KIND, data, check=_list_exists)


def read_assignment(uow: PricingUnitOfWork, access: Access, assignment_id) -> PriceListAssignment:
    return crud.read(uow, PriceListAssignment, assignment_id, authorize=record_check(access))


def update_assignment(uow: PricingUnitOfWork, access: Access, assignment_id, changes: dict, expected: int | None):
    return crud.update(uow, PriceListAssignment, KIND, assignment_id, changes, expected,
                       authorize=record_check(access))


def delete_assignment(uow: PricingUnitOfWork, access: Access, assignment_id, expected: int | None) -> None:
    crud.delete(uow, PriceListAssignment, KIND, assignment_id, expected, authorize=record_check(access))


def list_assignments(uow: PricingUnitOfWork, access: Access, filters: dict, sort, limit: int, cursor: str | None):
    stmt = select(PriceListAssignment).where(visible(access, PriceListAssignment))
    for name in ("price_list_id", "level", "target_id"):
        if filters.get(name) is not None:
            stmt = stmt.where(getattr(PriceListAssignment, name) == filters[name])
    return crud.page(uow, stmt, sort, PriceListAssignment.id, limit, cursor)


def _find_fallback(uow: PricingUnitOfWork, level: str, target_id: uuid.UUID, for_update: bool = False):
    stmt = select(PriceListFallback).where(PriceListFallback.level == level, PriceListFallback.target_id == target_id)
    return uow.session.scalars(stmt.with_for_update() if for_update else stmt).first()


def read_fallback(uow: PricingUnitOfWork, access: Access, level: str, target_id: uuid.UUID) -> PriceListFallback:
    """Never set is served as `next` at version 0, so that a first PUT has an ETag to match."""
    check_target(access, level, target_id)
    with uow:
        found = _find_fallback(uow, level, target_id)
        return found or PriceListFallback(level=level, target_id=target_id, fallback="next", version=0)


def set_fallback(uow: PricingUnitOfWork, access: Access, level: str, target_id: uuid.UUID, fallback: str,
                 expected: int | None):
    check_target(access, level, target_id)
    with uow:
        found = _find_fallback(uow, level, target_id, for_update=True)
        check_version(found.version if found else 0, expected)
        if found is None:
            found = PriceListFallback(id=uuid.uuid4(), level=level, target_id=target_id, fallback=fallback)
            uow.session.add(found)
            found.record("price_list_fallback.updated")
        else:
            found.change("price_list_fallback.updated", fallback=fallback)
        uow.commit()
        return found
