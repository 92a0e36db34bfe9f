"""Import batches of customers and customer groups (b2b_shared.messaging.import_batches): each row of
the CSV, by the columns of domain/csv_format.py, goes through the same use cases and rules as the
HTTP API; this module only turns cells into fields and reports by column.

A row is matched by `id` when it has one (an export round trip), else by `external_id` (the
import key) or, for groups, `code`; anything else is new. A row that would change nothing is
`unchanged` and writes nothing, so re-importing a file changes nothing."""
from __future__ import annotations

import uuid

from b2b_shared.auth.scope import EVERYTHING
from b2b_shared.errors import ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.messaging.import_batches import BatchContext, Entity, RowFailed, RowResult
from b2b_shared.spreadsheet import restore
from b2b_shared.validation import normalise
from marshmallow import ValidationError

from ..api.schemas import CustomerSchema, GroupSchema
from ..domain.csv_format import LIST_SEPARATOR
from ..services import customers as customer_use_cases
from ..services import groups as group_use_cases
from .import_addresses import address_row
from .published import customer_data, group_data

# Fields the use cases name, as the CSV columns a person fixes.
COLUMN_OF = {"group_id": "group_code"}
LISTS = ("tags", "sales_rep_ids")
# One instance each, built once: building a marshmallow schema costs more than loading a row with it.
CUSTOMER_SCHEMA, GROUP_SCHEMA = CustomerSchema(), GroupSchema()
# The use cases' value rules that loading the schema has not applied already (it runs phone's and VAT
# id's in its Normalised fields, and they give their own output back unchanged): tags. Run on the
# cells, so that a person sees every problem of the row at once; the use cases still run them all.
# (A phone number's rule costs some 25 us of CPU: bench/import_ceiling.py's full row went from 118 to 78 us.)
RULES_BEYOND_SCHEMA = {name: rule for name, rule in customer_use_cases.VALUE_RULES.items()
                       if getattr(CUSTOMER_SCHEMA.fields.get(name), "rule", None) is not rule}


def customer_row(uow, cells: dict[str, str], batch: BatchContext) -> RowResult:
    cells = {column: restore(value) for column, value in cells.items()}  # as typed: an export comes back unchanged
    fields = _customer_fields(uow, cells, batch)
    existing = _existing_customer(uow, cells)
    access = Access(batch.actor, "customer", "EDIT" if existing else "CREATE", EVERYTHING)
    try:
        if existing is None:
            customer = customer_use_cases.create_customer(uow, access, fields)
            return RowResult("created", str(customer.id))
        given = {k: v for k, v in fields.items() if _column(k, cells) in cells}  # a column left out changes nothing
        changes = _changes(customer_data(existing), normalise(given, RULES_BEYOND_SCHEMA))
        if not changes:
            return RowResult("unchanged", str(existing.id))
        customer_use_cases.update_customer(uow, access, existing.id, changes, expected=None)
        uow.customers.remember(existing)
        return RowResult("updated", str(existing.id), {_column(k, cells): cells.get(_column(k, cells)) for k in changes})
    except ValidationFailed as error:
        raise RowFailed({_column(k, cells): v for k, v in (error.errors or {}).items()}) from error


def _customer_fields(uow, cells: dict[str, str], batch: BatchContext) -> dict:
    """Cells -> the API's fields, checked by its schema; every problem of the row at once."""
    raw = {k: v for k, v in cells.items() if k not in ("id", "parent_id", "parent_external_id", "group_code")}
    raw = {k: (_split(v) if k in LISTS else (v or None)) for k, v in raw.items()}
    errors: dict[str, list[str]] = {}
    try:
        fields = CUSTOMER_SCHEMA.load({k: v for k, v in raw.items() if not (k in ("type", "status") and v is None)})
    except ValidationError as error:
        errors.update({k: v if isinstance(v, list) else [str(v)] for k, v in error.messages.items()})
        fields = {}
    try:  # the value rules the schema did not run (tags), so that a person sees every problem of the row at once
        normalise({k: v for k, v in raw.items() if k in RULES_BEYOND_SCHEMA}, RULES_BEYOND_SCHEMA)
    except ValidationFailed as error:
        errors.update({k: v for k, v in error.errors.items() if k not in errors})
    if "parent_id" in cells or "parent_external_id" in cells:
        if (parent := _parent(uow, cells, batch, errors)) is not ...:
            fields["parent_id"] = parent
    if "group_code" in cells:
        group = cells["group_code"] or None
        found = uow.groups.by_code(group) if group else None
        if group and found is None:
            errors["group_code"] = ["No customer group has this code."]
        fields["group_id"] = found.id if found else None
    if errors:
        raise RowFailed(errors)
    return fields


def _parent(uow, cells: dict[str, str], batch: BatchContext, errors: dict):
    """The parent's id (None: a root), or `...` when it is left as it is: a parent defined earlier in
    the same file, in validate and dry_run, where nothing was written. By external id, else by id
    (an export names a parent without an external id by its id)."""
    external_id, parent_id = cells.get("parent_external_id") or None, cells.get("parent_id") or None
    if external_id is not None:
        found = uow.customers.by_external_id(external_id)
        if found is None and external_id in batch.pending_keys:
            return ...
        if found is None:
            errors["parent_external_id"] = ["No customer has this external id."]
        elif parent_id is not None and parent_id != str(found.id):
            errors["parent_id"] = ["Names another customer than parent_external_id; leave one of them empty."]
        return found.id if found else ...
    if parent_id is not None:
        try:
            found = uow.customers.get(uuid.UUID(parent_id))
        except ValueError:
            found = None
        if found is None:
            errors["parent_id"] = ["No customer has this id."]
        return found.id if found else ...
    return None


def _existing_customer(uow, cells: dict[str, str]):
    if cells.get("id"):
        try:
            customer = uow.customers.get(uuid.UUID(cells["id"]), for_update=True)
        except ValueError:
            raise RowFailed({"id": ["Not a customer id (a UUID), or leave it empty."]}) from None
        if customer is None:
            raise RowFailed({"id": ["No customer has this id; leave it empty to create one."]})
        return customer
    if cells.get("external_id"):
        return uow.customers.by_external_id(cells["external_id"], for_update=True)
    return None


def group_row(uow, cells: dict[str, str], batch: BatchContext) -> RowResult:
    cells = {column: restore(value) for column, value in cells.items()}  # as typed: an export comes back unchanged
    try:
        fields = GROUP_SCHEMA.load({k: v for k, v in cells.items() if k in ("name", "code")})
    except ValidationError as error:
        raise RowFailed({k: list(v) for k, v in error.messages.items()}) from None
    existing = uow.groups.by_code(fields["code"])
    if existing is None:
        return RowResult("created", str(group_use_cases.create_group(uow, fields).id))
    changes = _changes(group_data(existing), fields)
    if not changes:
        return RowResult("unchanged", str(existing.id))
    group_use_cases.update_group(uow, existing.id, changes, expected=None)
    return RowResult("updated", str(existing.id), changes)


def _changes(current: dict, wanted: dict) -> dict:
    return {k: v for k, v in wanted.items() if _comparable(current.get(k)) != _comparable(v)}


def _comparable(value):
    if isinstance(value, list):
        return sorted(str(item) for item in value)
    return None if value is None or value == "" else str(value)


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def _column(field: str, cells: dict[str, str]) -> str:
    """The CSV column a person reads `field` in: the parent by external id when the row names it so."""
    if field == "parent_id":
        return "parent_external_id" if cells.get("parent_external_id") or "parent_id" not in cells else "parent_id"
    return COLUMN_OF.get(field, field)


def preload_customers(uow, rows: list[dict], batch: BatchContext) -> None:
    """The customers and groups a batch names, in two queries (b2b_shared's Entity.preload)."""
    cells = [{column: restore(value) for column, value in row["cells"].items()} for row in rows]
    ids = {_uuid_or_none(c.get(column)) for c in cells for column in ("id", "parent_id")} - {None}
    keys = {c.get(column) for c in cells for column in ("external_id", "parent_external_id")} - {None, ""}
    uow.customers.preload(ids, keys)
    uow.groups.preload({c["group_code"] for c in cells if c.get("group_code")})


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


# A customer row raises RowFailed only while reading its cells, before it changes anything, so a
# batch is applied with one flush (b2b_shared.messaging.import_batches).
ENTITIES = {
    "customers": Entity(customer_row, resource="customer", preload=preload_customers, fails_before_changing=True),
    "customer_groups": Entity(group_row, resource="customer_group"),
    "customer_addresses": Entity(address_row, resource="customer_address"),
}
