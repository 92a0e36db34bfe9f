"""Export pages of prices and price list assignments for the import service's export jobs
(b2b_shared.messaging.export_pages): the filters are each list's (GET /api/v1/price-lists/{id}/prices,
GET /api/v1/price-list-assignments), checked by its own query schema. Prices and assignments are
the back office's: the actor must view every price list (the pages are unscoped)."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.export_pages import Exported
from marshmallow import Schema, ValidationError

from ..api.schemas import PAGING, AssignmentExportArgsSchema, PriceExportArgsSchema
from ..services import export

PRICE_FILTERS = PriceExportArgsSchema(exclude=PAGING)
ASSIGNMENT_FILTERS = AssignmentExportArgsSchema(exclude=PAGING)


def _loaded(schema: Schema, filters: dict) -> dict:
    try:
        return schema.load(filters)
    except ValidationError as error:
        raise ValidationFailed(error.messages) from None


def price_page(uow, filters: dict, cursor: str | None, limit: int, within):
    return export.price_page(uow, _loaded(PRICE_FILTERS, filters), cursor, limit)


def assignment_page(uow, filters: dict, cursor: str | None, limit: int, within):
    return export.assignment_page(uow, _loaded(ASSIGNMENT_FILTERS, filters), cursor, limit)


EXPORTED = {"prices": Exported(price_page, resource="price_list"),
            "price_list_assignments": Exported(assignment_page, resource="price_list")}
