"""Price list use cases. A list's prices are services/prices.py."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Conflict

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.price_lists import PriceList
from ..messaging.published import price_list_data
from .lookup import existing


def create_price_list(uow: PricingUnitOfWork, data: dict) -> PriceList:
    with uow:
        price_list = PriceList.create(**data)
        uow.price_lists.add(price_list)
        uow.commit()
        return price_list


def read_price_list(uow: PricingUnitOfWork, list_id: uuid.UUID) -> PriceList:
    with uow:
        return existing(uow.price_lists, list_id)


def update_price_list(uow: PricingUnitOfWork, list_id: uuid.UUID, changes: dict, expected: int | None) -> PriceList:
    with uow:
        price_list = existing(uow.price_lists, list_id, for_update=True)
        check_version(price_list.version, expected)
        price_list.update(**changes)
        uow.commit()
        return price_list


def delete_price_list(uow: PricingUnitOfWork, list_id: uuid.UUID, expected: int | None) -> None:
    """Its prices go with it (ON DELETE CASCADE); its assignments must go first."""
    with uow:
        price_list = existing(uow.price_lists, list_id, for_update=True)
        check_version(price_list.version, expected)
        if uow.price_list_assignments.is_assigned(list_id):
            raise Conflict("This price list is assigned: delete its assignments first.")
        price_list.mark_deleted(price_list_data(price_list))
        uow.price_lists.delete(price_list)
        uow.commit()


def list_price_lists(uow: PricingUnitOfWork, q: str | None, active: bool | None, sort: Sort, limit: int,
                     cursor: str | None):
    with uow:
        return uow.price_lists.page(q, active, sort, limit, cursor)
