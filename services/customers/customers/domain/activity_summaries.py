"""One line per timeline entry, in the words a back-office user would use."""
from __future__ import annotations

VERBS = {"created": "added", "updated": "changed", "deleted": "removed", "disabled": "disabled",
         "moved": "moved", "placed": "placed", "cancelled": "cancelled", "refunded": "refunded"}


def summary_of(event_type: str, data: dict, changed: list[str] | None) -> str:
    kind, _, what = event_type.partition(".")
    if kind == "customer_user" and changed and "role_ids" in changed:  # what users-roles calls a role change
        return f"Roles of user {data.get('email') or data.get('id')} changed"
    describe = SUMMARIES.get(kind)
    line = describe(what, data) if describe else f"{kind.replace('_', ' ').capitalize()} {_verb(what)}"
    if changed and line.endswith(" changed"):  # "Customer Acme changed: email, name"
        line += f": {', '.join(changed)}"
    return line


def _verb(what: str) -> str:
    return VERBS.get(what, what.replace("_", " "))


def _customer(what: str, data: dict) -> str:
    if what == "moved":
        parent = data.get("parent_id")
        return f"Moved under customer {parent}" if parent else "Moved to the top of the hierarchy"
    return f"Customer {data.get('name') or ''} {'created' if what == 'created' else _verb(what)}".replace("  ", " ")


def _address(what: str, data: dict) -> str:
    place = ", ".join(part for part in (data.get("label") or data.get("street"), data.get("city")) if part)
    return f"Address {place} {_verb(what)}".replace("  ", " ")


def _person(noun: str, name_fields: tuple[str, ...]):
    def describe(what: str, data: dict) -> str:
        name = " ".join(str(data[part]) for part in name_fields if data.get(part)) or data.get("email") or ""
        return f"{noun} {name} {_verb(what)}".replace("  ", " ")
    return describe


def _task(what: str, data: dict) -> str:
    title = data.get("title") or ""
    if what == "updated" and data.get("status") == "done":
        return f"Task {title} done"
    return f"Task {title} {_verb(what)}".replace("  ", " ")


def _note(what: str, data: dict) -> str:
    return f"Note {_verb(what)}" + (f" by {data['author_name']}" if data.get("author_name") else "")


def _customer_user(what: str, data: dict) -> str:
    return f"User {data.get('email') or data.get('id')} {_verb(what)}"


def _role(what: str, data: dict) -> str:
    return f"Role {data.get('label') or data.get('name') or ''} {_verb(what)}".replace("  ", " ")


def _price_list_assignment(what: str, data: dict) -> str:
    if what == "deleted":
        return f"Price list {data.get('price_list_id')} unassigned"
    return f"Price list {data.get('price_list_id')} {'assigned' if what == 'created' else 'assignment changed'}" \
           f" (priority {data.get('priority')})"


def _payment_term_assignment(what: str, data: dict) -> str:
    if what == "deleted":
        return f"Payment term {data.get('payment_term_id')} unassigned"
    return f"Payment term {data.get('payment_term_id')} {'assigned' if what == 'created' else 'assignment changed'}"


def _balance(what: str, data: dict) -> str:
    ledger = str(data.get("ledger") or "balance").replace("_", " ")
    entry = data.get("entry") if isinstance(data.get("entry"), dict) else None
    if entry is None:
        return f"{ledger.capitalize()}: credit limit set to {data.get('credit_limit')} {data.get('currency') or ''}".strip()
    posting = f"{ledger.capitalize()}: {entry.get('amount')} {entry.get('currency') or data.get('currency') or ''}".strip()
    reason = f" ({entry['description']})" if entry.get("description") else ""
    return f"{posting}{reason}, balance {entry.get('balance_after')}"


def _order(what: str, data: dict) -> str:
    return f"Order {data.get('order_id')} {_verb(what)}: {data.get('total')} {data.get('currency')}"


SUMMARIES = {
    "customer": _customer,
    "customer_address": _address,
    "customer_contact": _person("Contact", ("first_name", "last_name")),
    "customer_task": _task,
    "customer_note": _note,
    "customer_user": _customer_user,
    "role": _role,
    "price_list_assignment": _price_list_assignment,
    "payment_term_assignment": _payment_term_assignment,
    "balance": _balance,
    "order": _order,
}
