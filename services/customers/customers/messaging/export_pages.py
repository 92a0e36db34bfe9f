"""Export pages of customers, their addresses and the customer groups for the import service's
export jobs (b2b_shared.messaging.export_pages): the filters are each list's, checked by its own
query schema; the cells are the export's."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.export_pages import Exported
from marshmallow import Schema, ValidationError

from ..adapters.repository import CustomerFilters
from ..api.schemas import PAGING, CustomerExportArgsSchema, GroupExportArgsSchema
from ..services.export import address_export_page, export_page, group_export_page

FILTERS = CustomerExportArgsSchema()
GROUP_FILTERS = GroupExportArgsSchema(exclude=PAGING)


def _loaded(schema: Schema, filters: dict) -> dict:
    try:
        return schema.load(filters)
    except ValidationError as error:
        raise ValidationFailed(error.messages) from None


def _filters(filters: dict, within) -> CustomerFilters:
    args = _loaded(FILTERS, filters)
    ids = args.pop("ids", None)
    return CustomerFilters(**args, ids=tuple(ids) if ids else None, within=within)


def customer_page(uow, filters: dict, cursor: str | None, limit: int, within):
    return export_page(uow, _filters(filters, within), cursor, limit)


def address_page(uow, filters: dict, cursor: str | None, limit: int, within):
    """The address book of the customers the filters select (the customers list's filters)."""
    return address_export_page(uow, _filters(filters, within), cursor, limit)


def group_page(uow, filters: dict, cursor: str | None, limit: int, within):
    """Groups belong to no customer: only an unrestricted actor exports them (`within` reaches all)."""
    args = _loaded(GROUP_FILTERS, filters)
    ids = args.get("ids")
    return group_export_page(uow, args.get("q"), tuple(ids) if ids else None, cursor, limit)


EXPORTED = {"customers": Exported(customer_page, resource="customer"),
            "customer_addresses": Exported(address_page, resource="customer_address"),
            "customer_groups": Exported(group_page, resource="customer_group")}
