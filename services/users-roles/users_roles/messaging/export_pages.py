"""Export pages of customer users for the import service's export jobs
(b2b_shared.messaging.export_pages): the filters are the list's (GET /api/v1/customer-users), checked
by its own query schema. Scoped: a customer's administrator exports the users it reaches, as its
list shows them (services/export.py)."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.export_pages import Exported
from marshmallow import ValidationError

from ..api.schemas import PAGING, CustomerUserExportArgsSchema
from ..services.export import export_page

FILTERS = CustomerUserExportArgsSchema(exclude=PAGING)


def customer_user_page(uow, filters: dict, cursor: str | None, limit: int, within):
    try:
        args = FILTERS.load(filters)
    except ValidationError as error:
        raise ValidationFailed(error.messages) from None
    return export_page(uow, within, args, cursor, limit)


EXPORTED = {"customer_users": Exported(customer_user_page, resource="customer_user", scoped=True)}
