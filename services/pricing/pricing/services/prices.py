"""The prices of a price list: written and deleted in bulk (imports), one event per request."""
from __future__ import annotations

import uuid

from b2b_shared.errors import ValidationFailed

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.price_lists import MAX_BULK_ROWS
from .lookup import existing


def upsert_prices(uow: PricingUnitOfWork, list_id: uuid.UUID, rows: list[dict]) -> dict:
    """Counts of what the rows did: {received, created, updated, unchanged, deleted}."""
    _check_rows(rows)
    with uow:
        price_list = existing(uow.price_lists, list_id)
        price_list.check_currencies(rows)
        created, updated = uow.prices.upsert(list_id, rows)
        counts = {"received": len(rows), "created": created, "updated": updated,
                  "unchanged": len(rows) - created - updated, "deleted": 0}
        price_list.record_prices_changed(counts)
        uow.commit()
        return counts


def upsert_price(uow: PricingUnitOfWork, list_id: uuid.UUID, row: dict) -> str:
    """One price {sku, unit, currency, quantity, value} (an import's row, loaded by the bulk rows'
    rules): 'created', 'updated' or 'unchanged'. Records no event: the import counts its rows per
    list and records one prices_changed per batch (record_prices_changed)."""
    with uow:
        price_list = existing(uow.price_lists, list_id)
        price_list.check_currency(row["currency"])
        outcome = uow.prices.upsert_one(list_id, row)
        uow.commit()
        return outcome


def record_prices_changed(uow: PricingUnitOfWork, counts_by_list: dict[uuid.UUID, dict]) -> None:
    """What upsert_price did, as one price_list.prices_changed per list with counts (none for a
    list none of whose prices changed, or that is gone)."""
    with uow:
        for list_id, counts in counts_by_list.items():
            if (price_list := uow.price_lists.get(list_id)) is not None:
                price_list.record_prices_changed(counts)
        uow.commit()


def delete_prices(uow: PricingUnitOfWork, list_id: uuid.UUID, keys: list[dict]) -> dict:
    _check_size(keys)
    with uow:
        price_list = existing(uow.price_lists, list_id)
        deleted = uow.prices.delete(list_id, keys)
        counts = {"received": len(keys), "created": 0, "updated": 0, "unchanged": 0, "deleted": deleted}
        price_list.record_prices_changed(counts)
        uow.commit()
        return counts


def list_prices(uow: PricingUnitOfWork, list_id: uuid.UUID, sku: str | None, limit: int, cursor: str | None):
    with uow:
        existing(uow.price_lists, list_id)
        return uow.prices.page(list_id, sku, limit, cursor)


def _check_size(rows: list) -> None:
    if not 1 <= len(rows) <= MAX_BULK_ROWS:
        raise ValidationFailed({"_schema": [f"Send 1 to {MAX_BULK_ROWS:,} rows per request."]})


def _check_rows(rows: list[dict]) -> None:
    """One row per key: one upsert statement cannot write a price twice, and the client should
    learn which row repeats which."""
    _check_size(rows)
    seen: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        key = (row["sku"], row["unit"], row["currency"], row["quantity"])
        if key in seen:
            raise ValidationFailed({str(index): [f"Same sku, unit, currency and quantity as row {seen[key]}."]})
        seen[key] = index
