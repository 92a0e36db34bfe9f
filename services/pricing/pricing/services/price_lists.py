"""Price list use cases, and the bulk writes of their prices (one event per request)."""
from __future__ import annotations

import uuid

from b2b_shared.errors import Conflict, ValidationFailed
from sqlalchemy import exists, select

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.price_lists import MAX_BULK_ROWS, PriceList, PriceListAssignment
from . import crud

KIND = "price_list"


def _not_assigned(uow: PricingUnitOfWork, price_list: PriceList) -> None:
    if uow.session.scalar(select(exists().where(PriceListAssignment.price_list_id == price_list.id))):
        raise Conflict("This price list is assigned: delete its assignments first.")


def create_price_list(uow: PricingUnitOfWork, data: dict) -> PriceList:
    return crud.create(uow, PriceList, KIND, {**data, "currencies": sorted(set(data["currencies"]))})


def update_price_list(uow: PricingUnitOfWork, list_id: uuid.UUID, changes: dict, expected: int | None) -> PriceList:
    if "currencies" in changes:
        changes = {**changes, "currencies": sorted(set(changes["currencies"]))}
    return crud.update(uow, PriceList, KIND, list_id, changes, expected, check=_window_stays_ordered(list_id))


def _window_stays_ordered(list_id: uuid.UUID):
    def check(uow: PricingUnitOfWork, changes: dict) -> None:
        current = uow.session.get(PriceList, list_id)
        start = changes.get("active_from", current.active_from)
        end = changes.get("active_to", current.active_to)
        if start and end and end <= start:
            raise ValidationFailed({"active_to": ["Must be after active_from."]})
    return check


def delete_price_list(uow: PricingUnitOfWork, list_id: uuid.UUID, expected: int | None) -> None:
    crud.delete(uow, PriceList, KIND, list_id, expected, guard=_not_assigned)


def upsert_prices(uow: PricingUnitOfWork, list_id: uuid.UUID, rows: list[dict]) -> dict:
    _check_rows(rows)
    with uow:
        price_list = crud.get(uow, PriceList, list_id, for_update=False)
        _check_currencies(price_list, rows)
        created, updated = uow.prices.upsert(list_id, rows)
        counts = {"received": len(rows), "created": created, "updated": updated,
                  "unchanged": len(rows) - created - updated, "deleted": 0}
        _record_change(price_list, counts)
        uow.commit()
        return counts


def delete_prices(uow: PricingUnitOfWork, list_id: uuid.UUID, keys: list[dict]) -> dict:
    _check_size(keys)
    with uow:
        price_list = crud.get(uow, PriceList, list_id)
        deleted = uow.prices.delete(list_id, keys)
        counts = {"received": len(keys), "created": 0, "updated": 0, "unchanged": 0, "deleted": deleted}
        _record_change(price_list, counts)
        uow.commit()
        return counts


def list_prices(uow: PricingUnitOfWork, list_id: uuid.UUID, sku: str | None, limit: int, cursor: str | None):
    with uow:
        crud.get(uow, PriceList, list_id)
        return uow.prices.page(list_id, sku, limit, cursor)


def _record_change(price_list: PriceList, counts: dict) -> None:
    if counts["created"] or counts["updated"] or counts["deleted"]:
        price_list.record("price_list.prices_changed", snapshot={"price_list_id": str(price_list.id), **counts})


def _check_size(rows: list) -> None:
    if not 1 <= len(rows) <= MAX_BULK_ROWS:
        raise ValidationFailed({"_schema": [f"Send 1 to {MAX_BULK_ROWS:,} rows per request."]})


def _check_rows(rows: list[dict]) -> None:
    _check_size(rows)
    seen: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        key = (row["sku"], row["unit"], row["currency"], row["quantity"])
        if key in seen:
            raise ValidationFailed({str(index): [f"Same sku, unit, currency and quantity as row {seen[key]}."]})
        seen[key] = index


def _check_currencies(price_list: PriceList, rows: list[dict]) -> None:
    allowed = set(price_list.currencies)
    wrong = {str(i): [f"This price list is kept in {', '.join(sorted(allowed))} only."]
             for i, row in enumerate(rows) if row["currency"] not in allowed}
    if wrong:
        raise ValidationFailed(dict(list(wrong.items())[:100]))
