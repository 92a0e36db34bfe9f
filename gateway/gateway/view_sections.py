"""The sections of the customer 360 view (GET /api/v1/customer-views/{id}): which service answers
each, at which of its own routes, and what of its answer the view keeps. Each is asked with the
caller's own token, so the view shows only what the caller's rights allow.

`price_lists` is pricing's own answer of which lists apply (its chain: the customer's, its parents'
as its fallback says, its group's, the default's, and those passed over, with why), in one call.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LIST_LIMIT = 20  # children and activity: the first ones; the full lists are one call away


@dataclass(frozen=True)
class Section:
    service: str
    path: str  # formatted with the customer's id as `{id}`
    keep: Callable[[dict], object] = lambda answer: answer


def _page(answer: dict) -> dict:
    return {"items": answer.get("items", []), "has_more": answer.get("next_cursor") is not None}


def _summary(customer: dict) -> dict:
    return {name: customer.get(name) for name in ("id", "name", "type", "status", "external_id")}


def _parent(answer: dict) -> dict | None:
    ancestors = answer.get("items", [])  # root first: the last one is the parent
    return _summary(ancestors[-1]) if ancestors else None


def _children(answer: dict) -> dict:
    return {"items": [_summary(child) for child in answer.get("items", [])],
            "has_more": answer.get("next_cursor") is not None}


def _users(answer: dict) -> dict:
    return {"count": len(answer.get("items", [])), "has_more": answer.get("next_cursor") is not None}


def _chain(answer: dict) -> dict:
    return {"items": answer.get("items", [])}


SECTIONS = {
    "customer": Section("customers", "/api/v1/customers/{id}"),
    "parent": Section("customers", "/api/v1/customers/{id}/ancestors", _parent),
    "children": Section("customers", f"/api/v1/customers/{{id}}/children?limit={LIST_LIMIT}", _children),
    "addresses": Section("customers", "/api/v1/customers/{id}/addresses", _page),
    "contacts": Section("customers", "/api/v1/customers/{id}/contacts", _page),  # not paged: a handful each
    "orders": Section("customers", "/api/v1/customers/{id}/orders-summary"),
    "activity": Section("customers", f"/api/v1/customers/{{id}}/activity?limit={LIST_LIMIT}", _page),
    "users": Section("users-roles", "/api/v1/customer-users?customer_id={id}&limit=100", _users),
    "payment_term": Section("pricing", "/api/v1/payment-terms/effective?customer_id={id}"),
    "tax_code": Section("pricing", "/api/v1/tax-codes/effective?customer_id={id}"),
    "balances": Section("pricing", "/api/v1/balances/{id}"),
    "price_lists": Section("pricing", "/api/v1/prices/chain?customer_id={id}", _chain),
}
