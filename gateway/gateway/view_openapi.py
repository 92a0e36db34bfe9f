"""The OpenAPI description of GET /api/v1/customer-views/{id} (customer_view.py), added to the
merged document beside /api/v1/me."""
from __future__ import annotations

from .view_sections import SECTIONS

TAG = {"name": "customer-views", "description": "The customer 360 view, assembled by the gateway."}
MARKED = {
    "type": "object",
    "description": "A section that could not be shown: `refused` (with the service's `status`) when the caller's "
                   "rights do not cover it, `unavailable` when its service is down or too slow (with the `status` "
                   "it answered, when it answered with an error).",
    "properties": {"unavailable": {"type": "boolean"}, "refused": {"type": "boolean"}, "status": {"type": "integer"}},
}
LISTED = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object"}},
                                           "has_more": {"type": "boolean"}}}
DESCRIPTIONS = {
    "customer": "The customer as GET /api/v1/customers/{id} shows it.",
    "parent": "Its parent's id, name, type, status and external id; null for a top-level customer.",
    "children": f"Its first subsidiaries (summaries; `has_more` when there are more), as {SECTIONS['children'].path}.",
    "addresses": "Its address book.",
    "contacts": "Its contact persons.",
    "users": "How many customer users it has (`count`, exact up to 100; `has_more` past that: the full list is one call away).",
    "price_lists": "The price lists resolution considers now, in its order (the customer's own, its parents' as its "
                   "fallback says, its group's, the default's), each with `passed_over` saying why one is not used "
                   "(GET /api/v1/prices/chain).",
    "payment_term": "Its effective payment term and where it comes from.",
    "tax_code": "Its effective tax code and where it comes from.",
    "balances": "Its balances (store credit, on account, loyalty points).",
    "orders": "Its order figures, own and with subsidiaries (GET /api/v1/customers/{id}/orders-summary).",
    "activity": "The newest entries of its activity timeline.",
}


def _section(description: str) -> dict:
    return {"description": description, "anyOf": [{"type": "object"}, MARKED], "nullable": True}


VIEW_SCHEMA = {
    "type": "object",
    "properties": {"customer_id": {"type": "string", "format": "uuid"},
                   **{name: _section(text) for name, text in DESCRIPTIONS.items()}},
}


def _problem(description: str) -> dict:
    return {"description": description,
            "content": {"application/problem+json": {"schema": {"type": "object"}}}}


def customer_view_paths() -> dict:
    operation = {
        "summary": "The customer with everything around it, in one answer",
        "description": "Every section is asked of its service in parallel with the caller's own token: a section "
                       "the caller may not see is `{\"refused\": true, \"status\": 403}`, one whose service is "
                       "down is `{\"unavailable\": true}`; the view itself fails only when the customer is out of "
                       "reach (404, 403).",
        "tags": [TAG["name"]],
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": VIEW_SCHEMA}}},
            "401": _problem("No token, or one that is not valid."),
            "403": _problem("The caller may not view this customer."),
            "404": _problem("No such customer, or one out of the caller's reach."),
            "429": _problem("Too many requests."),
        },
        "x-permission": {"resource": "customer", "action": "VIEW", "owner": "path:id", "staff_only": False},
    }
    return {"/api/v1/customer-views/{id}": {"get": operation}}
