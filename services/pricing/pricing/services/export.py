"""Pages of prices and price list assignments for the import service's export jobs, in the import
templates' columns (domain/csv_format.py), so that a file imports back unchanged: a list by its
name, a price's quantity and value as stored ("12.50" stays "12.50")."""
from __future__ import annotations

import uuid

from b2b_shared.errors import ValidationFailed
from b2b_shared.spreadsheet import neutralise

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.csv_format import ASSIGNMENT_COLUMNS, PRICE_COLUMNS


def price_page(uow: PricingUnitOfWork, filters: dict, cursor: str | None, limit: int):
    """(rows of cells, the next page's cursor or None) of the prices the filters select."""
    with uow:
        rows, next_cursor = uow.prices.export_page(filters.get("price_list_id"), filters.get("sku"), cursor, limit)
        return [_cells(row._asdict(), PRICE_COLUMNS) for row in rows], next_cursor


def assignment_page(uow: PricingUnitOfWork, filters: dict, cursor: str | None, limit: int):
    with uow:
        rows, next_id = uow.price_list_assignments.export_page(filters, _id(cursor), limit)
        return [_assignment_cells(assignment, name) for assignment, name in rows], (str(next_id) if next_id else None)


def _assignment_cells(assignment, price_list: str) -> list[str]:
    return _cells({"price_list": price_list, "level": assignment.level, "target_id": assignment.target_id,
                   "priority": assignment.priority, "merge_allowed": str(assignment.merge_allowed).lower()},
                  ASSIGNMENT_COLUMNS)


def _cells(values: dict, columns) -> list[str]:
    return [neutralise("" if values[column] is None else str(values[column])) for column in columns]


def _id(cursor: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(cursor) if cursor else None
    except ValueError:
        raise ValidationFailed({"cursor": ["Not a cursor this service issued."]}) from None
