"""Import batches of prices and price list assignments (b2b_shared.messaging.import_batches): each
CSV row goes through the same use cases and rules as the HTTP API; this module only turns cells
into fields and reports problems by CSV column.

- `prices`: price_list, sku, unit, currency, quantity, value. The key is the list, sku, unit,
  currency and quantity (the tier's minimum); an existing key with another value is updated.
  Empty unit and quantity take the API's defaults (`item`, 1).
- `price_list_assignments`: price_list, level, target_id, priority, merge_allowed. The key is the
  list, level and target. Pricing knows customers and customer groups by id only (its customer
  read model has no external ids and it keeps no groups), so the target is the customer's or the
  group's id (UUID), empty for the default level. Empty priority and merge_allowed take the API's
  defaults (0, true): a row states the whole assignment.

A list is named by its name (`price_list`). Names need not be unique: a name several lists share
fails the row. A row that would change nothing is `unchanged` and writes nothing.

Events: the bulk API records one `price_list.prices_changed` per request; an import records one
per batch and list (one_prices_event_per_list, service.py), with the batch's counts for that list.
Assignments record their own created and updated events, as through the API."""
from __future__ import annotations

import uuid
from contextvars import ContextVar

from b2b_shared.auth.policy import scope_for
from b2b_shared.auth.scope import ALL
from b2b_shared.errors import ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.messaging.import_batches import BatchContext, Entity, RowFailed, RowResult, requested
from b2b_shared.spreadsheet import restore
from marshmallow import ValidationError

from ..api.schemas import AssignmentSchema, PriceSchema
from ..domain.csv_format import ASSIGNMENT_COLUMNS, PRICE_COLUMNS
from ..domain.levels import DEFAULT, LEVELS
from ..domain.price_lists import PriceList
from ..services import assignments as assignment_use_cases
from ..services import prices as price_use_cases

OUTCOMES = ("created", "updated", "unchanged")
# Fields the use cases name, as the CSV columns a person fixes ("" is the row as a whole).
COLUMN_OF = {"price_list_id": "price_list", "_schema": ""}

# The counts of the prices batch being applied, by list (set by one_prices_event_per_list).
_batch_counts: ContextVar[dict[uuid.UUID, dict] | None] = ContextVar("pricing_import_price_counts", default=None)


def price_row(uow, cells: dict[str, str], batch: BatchContext) -> RowResult:
    cells = _cleaned(cells)
    errors: dict[str, list[str]] = {}
    price_list = _price_list(uow, cells, errors)
    try:  # the bulk API's rules for one price: sku, unit (item), currency, quantity (1), value >= 0
        row = PriceSchema().load({k: cells[k] for k in PRICE_COLUMNS if k != "price_list" and cells.get(k)})
    except ValidationError as error:
        errors.update(_messages(error.messages))
        row = None
    if price_list is not None and cells.get("currency") and "currency" not in errors:
        _collect(errors, price_list.check_currency, cells["currency"].upper())  # every problem at once
    if errors:
        raise RowFailed(errors)
    try:
        outcome = price_use_cases.upsert_price(uow, price_list.id, row)
    except ValidationFailed as error:
        raise RowFailed(_by_column(error.errors)) from error
    if batch.writes:
        _count(uow, price_list.id, outcome)
    return RowResult(outcome, str(price_list.id), {"value": cells["value"]} if outcome == "updated" else None)


def assignment_row(uow, cells: dict[str, str], batch: BatchContext) -> RowResult:
    cells = _cleaned(cells)
    access = _assigning(batch)
    errors: dict[str, list[str]] = {}
    price_list = _price_list(uow, cells, errors)
    try:  # the API's rules: level, a target for customer and customer_group only, priority, merge_allowed
        fields = AssignmentSchema(exclude=("price_list_id",)).load(
            {k: cells[k] for k in ASSIGNMENT_COLUMNS if k != "price_list" and cells.get(k)})
    except ValidationError as error:
        errors.update(_messages(error.messages))
    level, target = cells.get("level"), cells.get("target_id")
    if level in LEVELS and bool(target) != (level != DEFAULT):  # the schema's rule, said as a CSV's
        errors["target_id"] = ["Leave it empty for the default level." if target else
                               f"The {level.replace('_', ' ')}'s id (a UUID)."]
    if errors:
        raise RowFailed(errors)
    fields["price_list_id"] = price_list.id
    existing = uow.price_list_assignments.find(price_list.id, fields["level"], fields["target_id"])
    try:
        if existing is None:
            assignment = assignment_use_cases.create_assignment(uow, access, fields)
            return RowResult("created", str(assignment.id))
        changes = {k: fields[k] for k in ("priority", "merge_allowed") if getattr(existing, k) != fields[k]}
        if not changes:
            return RowResult("unchanged", str(existing.id))
        assignment_use_cases.update_assignment(uow, access, existing.id, changes, expected=None)
        return RowResult("updated", str(existing.id), {k: cells.get(k) or _cell(v) for k, v in changes.items()})
    except ValidationFailed as error:
        raise RowFailed(_by_column(error.errors)) from error


def one_prices_event_per_list(handlers: dict) -> dict:
    """The command queue's handlers, the prices batch's recording one price_list.prices_changed
    per list it changed (its counts for that list: received, created, updated, unchanged), in the
    batch's transaction after its rows, as the bulk API records one per request. Without this, the
    prices rule records one per row that changed a price: more events, the same facts."""
    prices = requested("prices")
    return {**handlers, prices: _counting(handlers[prices])}


def _counting(handle):
    def handle_counting(uow, event) -> None:
        counts: dict[uuid.UUID, dict] = {}
        token = _batch_counts.set(counts)
        try:
            handle(uow, event)
        finally:
            _batch_counts.reset(token)
        if counts:  # only rows applied in `import` mode are counted (price_row)
            price_use_cases.record_prices_changed(uow, counts)
    return handle_counting


def _count(uow, list_id: uuid.UUID, outcome: str) -> None:
    counts = _batch_counts.get()
    if counts is None:
        price_use_cases.record_prices_changed(uow, {list_id: _tally({}, outcome)})
    else:
        _tally(counts.setdefault(list_id, {}), outcome)


def _tally(counts: dict, outcome: str) -> dict:
    if not counts:
        counts.update({"received": 0, **{name: 0 for name in OUTCOMES}, "deleted": 0})
    counts["received"] += 1
    counts[outcome] += 1
    return counts


def _assigning(batch: BatchContext) -> Access:
    """Assignments need ASSIGN besides CREATE and EDIT (checked for the batch): unrestricted, as
    the API asks of anyone assigning at the group or default level."""
    scope = scope_for(batch.actor, "price_list", "ASSIGN", staff_only=True)
    if scope is None or scope.kind != ALL:
        raise RowFailed({"": ["The import's user may not assign every price list."]})
    return Access(batch.actor, "price_list", "ASSIGN", scope)


def _price_list(uow, cells: dict[str, str], errors: dict) -> PriceList | None:
    """The one list of the row's `price_list` name, else its error in `errors`."""
    name = cells.get("price_list")
    if not name:
        errors["price_list"] = ["Missing data for required field."]
        return None
    found = uow.price_lists.named(name)
    if len(found) == 1:
        return found[0]
    errors["price_list"] = (["No price list has this name."] if not found else
                            ["Several price lists have this name: rename them so that each name is one list's."])
    return None


def _collect(errors: dict, check, *args) -> None:
    try:
        check(*args)
    except ValidationFailed as error:
        errors.update(_by_column(error.errors))


def _cleaned(cells: dict[str, str]) -> dict[str, str]:
    return {column: restore(value or "").strip() for column, value in cells.items()}


def _cell(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _messages(messages) -> dict[str, list[str]]:
    if not isinstance(messages, dict):
        return {"": [str(m) for m in messages]}
    return {COLUMN_OF.get(k, k): [str(m) for m in v] if isinstance(v, list) else [str(v)] for k, v in messages.items()}


def _by_column(errors: dict | None) -> dict[str, list[str]]:
    return {COLUMN_OF.get(field, field): messages for field, messages in (errors or {}).items()}


ENTITIES = {
    "prices": Entity(price_row, resource="price_list"),
    "price_list_assignments": Entity(assignment_row, resource="price_list"),
}
