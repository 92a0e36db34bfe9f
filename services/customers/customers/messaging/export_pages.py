"""Export pages of customers for the import service's export jobs (b2b_shared.messaging.export_pages):
the filters are the customers list's, checked by its own query schema; the cells are the export's."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.export_pages import Exported
from marshmallow import ValidationError

from ..adapters.repository import CustomerFilters
from ..api.schemas import CustomerExportArgsSchema
from ..services.export import address_export_page, export_page

FILTERS = CustomerExportArgsSchema()


def _filters(filters: dict) -> CustomerFilters:
    try:
        args = FILTERS.load(filters)
    except ValidationError as error:
        raise ValidationFailed(error.messages) from None
    ids = args.pop("ids", None)
    return CustomerFilters(**args, ids=tuple(ids) if ids else None)


def customer_page(uow, filters: dict, cursor: str | None, limit: int):
    return export_page(uow, _filters(filters), cursor, limit)


def address_page(uow, filters: dict, cursor: str | None, limit: int):
    """The address book of the customers the filters select (the customers list's filters)."""
    return address_export_page(uow, _filters(filters), cursor, limit)


EXPORTED = {"customers": Exported(customer_page, resource="customer"),
            "customer_addresses": Exported(address_page, resource="customer_address")}
