"""Pages of customer users for the import service's export jobs, in the import template's columns
(domain/csv_format.py), so that the file imports back unchanged: the customer by id and by external
id, the roles by name. Only the users the actor's Access reaches, as the list shows them."""
from __future__ import annotations

import uuid

from b2b_shared.errors import ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.spreadsheet import neutralise

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.csv_format import COLUMNS, LIST_SEPARATOR
from ..domain.model import CustomerUser


def export_page(uow: UsersRolesUnitOfWork, within: Access, filters: dict, after: str | None, limit: int):
    """(rows of cells, the next page's cursor or None)."""
    with uow:
        rows, next_id = uow.users.export_page(filters, within, _cursor(after), limit)
        return [_cells(user, external_id) for user, external_id in rows], (str(next_id) if next_id else None)


def _cells(user: CustomerUser, customer_external_id: str | None) -> list[str]:
    values = {"email": user.email, "first_name": user.first_name, "last_name": user.last_name, "phone": user.phone,
              "customer_id": str(user.customer_id), "customer_external_id": customer_external_id,
              "roles": LIST_SEPARATOR.join(role.name for role in user.roles), "enabled": str(user.enabled).lower()}
    return [neutralise(values[column] or "") for column in COLUMNS]


def _cursor(after: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(after) if after else None
    except ValueError:
        raise ValidationFailed({"cursor": ["Not a cursor this service issued."]}) from None
