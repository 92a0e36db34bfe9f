"""Import batches of customer users (b2b_shared.messaging.import_batches): each row of the CSV, by
the columns of domain/csv_format.py, goes through the same use cases and rules as the HTTP API
(services/users.py, api/schemas.py); this module only turns cells into fields and reports by column.

- `email` is the key, compared case-insensitively as everywhere: the customer user who has it is
  updated, anything else is new. A staff user's email is refused.
- `customer_external_id` names the customer by its external id (the customer read model keeps it),
  or else `customer_id` by its id (an export writes both, so that a customer without an external id
  imports back). A user stays with its customer, as in the API: naming another customer is an
  error, not a move.
- `roles`: role names separated by ';' (case-insensitive), among the global roles and the
  customer's own; a name both have is an error (rename the customer's role). Empty: BUYER for a new
  user (the API's default), the roles it has for an existing one.
- `enabled`: true or false. Empty: true for a new user, unchanged for an existing one.
- `phone`: empty means none.
- No password: an imported user has none (adapters/passwords.py NO_PASSWORD) and cannot sign in
  until an administrator sets one (PUT /api/v1/customer-users/{id}/password).

Who may: the entity is scoped (Entity.scoped). A back-office administrator imports any row; a
customer's administrator (CREATE and EDIT on customer_user at DEPARTMENT or CORPORATE level) the
users of its own customer (CORPORATE: and its subsidiaries), assigning self-managed roles only, as
the API lets it. A row naming a customer it does not reach fails as one naming no customer, and a
user it does not reach as an email another user has: nothing tells it what lies outside its reach.

A row that would change nothing is `unchanged` and writes nothing, so re-importing a file changes
nothing."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import ANY
from b2b_shared.errors import Conflict, Forbidden, ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.messaging.import_batches import BatchContext, Entity, RowFailed, RowResult
from b2b_shared.spreadsheet import restore
from b2b_shared.validation import normalise
from marshmallow import ValidationError

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..api.schemas import MAX_ROLES, CustomerUserSchema
from ..domain.csv_format import LIST_SEPARATOR
from ..domain.model import CustomerUser
from ..domain.records import CustomerView
from ..services import users as use_cases

# Fields the use cases name, as the CSV columns a person fixes (the customer: the column the row names it by).
COLUMN_OF = {"role_ids": "roles"}
PERSON = ("email", "first_name", "last_name", "phone", "enabled")
COMPARED = ("email", "first_name", "last_name", "phone", "enabled")
NO_SUCH_CUSTOMER = {"customer_external_id": "No customer has this external id.",
                    "customer_id": "No customer has this id."}
TAKEN = "Another user has this email address."  # what the API answers for a taken email (adapters/unit_of_work.py)
_SCHEMA = CustomerUserSchema(only=PERSON)


def customer_user_row(uow: UsersRolesUnitOfWork, cells: dict[str, str], batch: BatchContext) -> RowResult:
    cells = {column: restore(value or "").strip() for column, value in cells.items()}
    errors: dict[str, list[str]] = {}  # every problem of the row at once
    fields = _person(cells, errors)
    found = uow.users.by_email(fields["email"]) if fields.get("email") else None
    access = batch.access(uow, "customer_user", "EDIT" if isinstance(found, CustomerUser) else "CREATE")
    column = _customer_column(cells)
    customer = _customer(uow, cells, column, access, errors)
    role_ids = _role_ids(uow, cells.get("roles", ""), customer, errors) if customer else None
    existing = _existing(found, customer, column, access, errors)
    if errors:
        raise RowFailed(errors)
    try:
        if existing is None:
            data = {**fields, "customer_id": customer.id, **({"role_ids": role_ids} if role_ids is not None else {})}
            user = use_cases.create_user(uow, None, access, data)
            return RowResult("created", str(user.id))
        changes = _changes(existing, fields, role_ids)
        if not changes:
            return RowResult("unchanged", str(existing.id))
        use_cases.update_user(uow, access, existing.id, changes, expected=ANY)
        changed = [COLUMN_OF.get(name, name) for name in changes]
        return RowResult("updated", str(existing.id), {name: cells.get(name, "") for name in changed})
    except (ValidationFailed, Conflict) as error:
        raise RowFailed(_by_column(error.errors, column) or {"": [error.detail]}) from error
    except Forbidden as error:  # a role a customer's administrator may not assign (services/users.py _roles_for)
        raise RowFailed({"roles": [error.detail]}) from error


def _person(cells: dict[str, str], errors: dict[str, list[str]]) -> dict:
    """Cells -> the API's fields, by its schema and its value rules (email, phone). An empty `enabled`
    is left out (the default for a new user, unchanged for an existing one)."""
    raw = {name: cells.get(name, "") for name in PERSON}
    given = {name: value for name, value in raw.items() if value and name != "phone"}
    given["phone"] = raw["phone"] or None
    try:
        fields = _SCHEMA.load(given)
    except ValidationError as error:
        errors.update({k: v if isinstance(v, list) else [str(v)] for k, v in error.messages.items()})
        fields = {k: v for k, v in given.items() if k not in error.messages and k != "enabled"}
    if "enabled" not in given:
        fields.pop("enabled", None)
    try:
        return normalise(fields, use_cases.RULES)
    except ValidationFailed as error:
        errors.update({k: v for k, v in error.errors.items() if k not in errors})
        return {k: v for k, v in fields.items() if k not in error.errors}


def _customer_column(cells: dict[str, str]) -> str:
    """The column the row names its customer by: the external id when given, else the id."""
    if cells.get("customer_id") and not cells.get("customer_external_id"):
        return "customer_id"
    return "customer_external_id"


def _customer(uow: UsersRolesUnitOfWork, cells: dict[str, str], column: str, access: Access,
              errors: dict[str, list[str]]) -> CustomerView | None:
    """The row's customer, if the actor reaches it; one it does not reach is reported as unknown."""
    key = cells.get(column, "")
    if not key:
        errors["customer_external_id"] = ["Name the user's customer by its external id (or by its id, customer_id)."]
        return None
    found = uow.customers.by_external_id(key) if column == "customer_external_id" else _by_id(uow, key)
    if len(found) > 1:  # customers keeps it unique: only events still on their way can show two
        errors[column] = ["Two customers have this external id for a moment; import the row again."]
        return None
    if not found or not access.reaches(found[0].id):
        errors[column] = [NO_SUCH_CUSTOMER[column]]
        return None
    return found[0]


def _by_id(uow: UsersRolesUnitOfWork, key: str) -> list[CustomerView]:
    try:
        customer = uow.customers.get(uuid.UUID(key))
    except ValueError:
        return []
    return [customer] if customer is not None and customer.status != "deleted" else []


def _role_ids(uow: UsersRolesUnitOfWork, cell: str, customer: CustomerView, errors: dict[str, list[str]]):
    """Role names -> ids, among the global roles and the customer's own; None when the cell is empty."""
    names = list(dict.fromkeys(item.strip().upper() for item in cell.split(LIST_SEPARATOR) if item.strip()))
    if not names:
        return None
    if len(names) > MAX_ROLES:
        errors["roles"] = [f"At most {MAX_ROLES} roles."]
        return None
    by_name: dict[str, list] = {}
    for role in uow.roles.named(names, customer.id):
        by_name.setdefault(role.name, []).append(role)
    messages = []
    if unknown := [name for name in names if name not in by_name]:
        messages.append(f"No global role and no role of this customer is named {', '.join(unknown)}.")
    if twice := [name for name in names if len(by_name.get(name, ())) > 1]:
        messages.append(f"Both a global role and a role of this customer are named {', '.join(twice)}; "
                        "rename the customer's role.")
    if messages:
        errors["roles"] = messages
        return None
    return [by_name[name][0].id for name in names]


def _existing(user, customer: CustomerView | None, column: str, access: Access,
              errors: dict[str, list[str]]) -> CustomerUser | None:
    """The customer user who has the row's email (any case), if any; one out of the actor's reach is
    an email another user has, as the API would say."""
    if user is None:
        return None
    if not isinstance(user, CustomerUser):
        errors["email"] = ["A staff user has this email address." if access.unrestricted else TAKEN]
        return None
    if not access.reaches(user.customer_id, user.id):
        errors["email"] = [TAKEN]
        return None
    if customer is not None and user.customer_id != customer.id:
        errors[column] = ["The user with this email belongs to another customer; "
                          "a user cannot move to another customer."]
    return user


def _changes(user: CustomerUser, fields: dict, role_ids) -> dict:
    changes = {name: fields[name] for name in COMPARED if name in fields and fields[name] != getattr(user, name)}
    if role_ids is not None and set(role_ids) != set(user.role_ids):
        changes["role_ids"] = role_ids
    return changes


def _by_column(errors: dict | None, customer_column: str) -> dict[str, list[str]]:
    columns = {**COLUMN_OF, "customer_id": customer_column}
    return {columns.get(field, field): messages for field, messages in (errors or {}).items()}


ENTITIES = {
    "customer_users": Entity(customer_user_row, resource="customer_user", scoped=True),
}
