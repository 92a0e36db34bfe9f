"""Import batches of customer addresses (b2b_shared.messaging.import_batches), through the address
book's own use cases: one default per type per customer, countries and regions checked, phones in E.164.

A row names its customer by external id or by id (an export writes both); it is matched to an
existing address by `id` (an export round trip), else by its `label` in that customer's book, else
it is new. An address that would not change is `unchanged` and writes nothing."""
from __future__ import annotations

import uuid

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.import_batches import BatchContext, RowFailed, RowResult
from b2b_shared.spreadsheet import restore
from marshmallow import ValidationError

from ..api.schemas import AddressSchema
from ..domain.csv_format import LIST_SEPARATOR
from ..services import addresses as use_cases
from .published import address_data

ADDRESS_SCHEMA = AddressSchema()
FIELDS = ("label", "types", "default_billing", "default_shipping", "first_name", "last_name", "organization",
          "street", "street2", "city", "region_code", "postal_code", "country_code", "phone")


def address_row(uow, cells: dict[str, str], batch: BatchContext) -> RowResult:
    cells = {column: restore(value) for column, value in cells.items()}
    customer = _customer(uow, cells)
    wanted = _fields(cells)
    existing = _existing(uow, customer.id, cells, wanted.get("label"))
    try:
        if existing is None:
            address = use_cases.add_address(uow, customer.id, wanted)
            return RowResult("created", str(address.id))
        changes = _changes(address_data(existing), use_cases.normalised_address(wanted))
        if not changes:
            return RowResult("unchanged", str(existing.id))
        use_cases.update_address(uow, customer.id, existing.id, changes, expected=None)
        return RowResult("updated", str(existing.id), {k: cells.get(k) for k in changes})
    except ValidationFailed as error:
        raise RowFailed(error.errors or {"": [error.detail]}) from error


def _customer(uow, cells: dict[str, str]):
    if key := cells.get("customer_external_id"):
        found = uow.customers.by_external_id(key)
        if found is None:
            raise RowFailed({"customer_external_id": ["No customer has this external id."]})
        return found
    try:
        found = uow.customers.get(uuid.UUID(cells.get("customer_id") or ""))
    except ValueError:
        found = None
    if found is None:
        raise RowFailed({"customer_id": ["Name the customer by customer_external_id or by its id."]})
    return found


def _fields(cells: dict[str, str]) -> dict:
    raw = {k: cells[k] for k in FIELDS if k in cells and cells[k] != ""}
    if "types" in raw:
        raw["types"] = [t.strip() for t in raw["types"].split(LIST_SEPARATOR) if t.strip()]
    try:
        return ADDRESS_SCHEMA.load(raw)
    except ValidationError as error:
        raise RowFailed({k: v if isinstance(v, list) else [str(v)] for k, v in error.messages.items()}) from None


def _existing(uow, customer_id: uuid.UUID, cells: dict[str, str], label: str | None):
    if cells.get("id"):
        try:
            address = uow.addresses.get(uuid.UUID(cells["id"]))
        except ValueError:
            address = None
        if address is None or address.customer_id != customer_id:
            raise RowFailed({"id": ["No address of this customer has this id; leave it empty to add one."]})
        return address
    if label:
        return next((a for a in uow.addresses.book(customer_id) if a.label == label), None)
    return None


def _changes(current: dict, wanted: dict) -> dict:
    return {k: v for k, v in wanted.items() if _comparable(current.get(k)) != _comparable(v)}


def _comparable(value):
    if isinstance(value, list):
        return sorted(value)
    return None if value in (None, "") else value
