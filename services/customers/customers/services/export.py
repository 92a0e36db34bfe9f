"""CSV export of a filtered or selected list of customers, streamed in constant memory.

The repository fetches rows in batches through a server-side cursor; each batch becomes one chunk
of the response, so memory does not grow with the number of customers.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from b2b_shared.spreadsheet import neutralise

from ..adapters.repository import CustomerFilters
from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.csv_format import ADDRESS_COLUMNS, COLUMNS, GROUP_COLUMNS, LIST_SEPARATOR

BATCH = 1000


def export_cells(row) -> list[str]:
    """One customer as the export's (and the import template's) cells, neutralised."""
    values = row._asdict()
    values["id"] = str(row.id)
    values["parent_id"] = str(row.parent_id) if row.parent_id else ""
    values["tags"] = LIST_SEPARATOR.join(row.tags or [])
    values["sales_rep_ids"] = LIST_SEPARATOR.join(str(rep) for rep in row.sales_rep_ids or [])
    return [neutralise(values[column] or "") for column in COLUMNS]


def export_csv(uow: CustomersUnitOfWork, filters: CustomerFilters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    with uow:
        for count, row in enumerate(uow.customers.export_rows(filters, BATCH), start=1):
            writer.writerow(export_cells(row))
            if count % BATCH == 0:
                yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    chunk = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return chunk


def export_page(uow: CustomersUnitOfWork, filters: CustomerFilters, after: str | None, limit: int):
    """One page of the export in id order, for an export job (messaging/export_pages.py): the cells
    and the cursor of the next page (None after the last)."""
    with uow:
        rows, next_cursor = uow.customers.export_page(filters, after, limit)
        return [export_cells(row) for row in rows], next_cursor


def address_export_page(uow: CustomersUnitOfWork, filters: CustomerFilters, after: str | None, limit: int):
    """One page of the address book of the filtered customers, in the addresses template's columns."""
    with uow:
        rows, next_cursor = uow.addresses.export_page(filters, after, limit)
        return [_address_cells(address, external_id) for address, external_id in rows], next_cursor


def _address_cells(address, customer_external_id: str | None) -> list[str]:
    values = {column: getattr(address, column, None) for column in ADDRESS_COLUMNS}
    values.update(id=str(address.id), customer_id=str(address.customer_id), customer_external_id=customer_external_id,
                  types=LIST_SEPARATOR.join(address.types or []),
                  default_billing=str(address.default_billing).lower(),
                  default_shipping=str(address.default_shipping).lower())
    return [neutralise(values[column] or "") for column in ADDRESS_COLUMNS]


def group_export_page(uow: CustomersUnitOfWork, q: str | None, ids, after: str | None, limit: int):
    """One page of the customer groups the list's `q` (or `ids`) selects, in the groups template's columns."""
    with uow:
        groups, next_cursor = uow.groups.export_page(q, ids, after, limit)
        return [[neutralise(getattr(group, column) or "") for column in GROUP_COLUMNS] for group in groups], next_cursor
