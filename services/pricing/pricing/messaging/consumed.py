"""Tolerant readers of the events pricing consumes: only the fields it needs, unknown ones ignored.

Our own copy of the customers service's shape (eShop habit): customer.* `data` is the customer
as GET /api/v1/customers/{id} shows it - id, parent_id, group_id, status, tax_code, version, ...;
customer_group.* `data` the group (id, version, ...); a deletion adds `"deleted": true` at
version + 1.
"""
from __future__ import annotations

import uuid

from b2b_shared.messaging.envelope import CloudEvent


def _uuid(value) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


def customer_view(event: CloudEvent) -> dict:
    """The read-model row an event describes; a missing id or version is a malformed event."""
    data = event.data
    deleted = bool(data.get("deleted")) or event.type == "customer.deleted"
    return {
        "id": uuid.UUID(str(data.get("id") or event.subject)),
        "parent_id": _uuid(data.get("parent_id")),
        "group_id": _uuid(data.get("group_id")),
        "status": "deleted" if deleted else data.get("status"),
        "tax_code": data.get("tax_code") or None,
        "version": int(data["version"]),
        "deleted": deleted,
        "sales_rep_ids": [uuid.UUID(str(rep)) for rep in data.get("sales_rep_ids") or ()],
    }


def group_view(event: CloudEvent) -> dict:
    data = event.data
    return {
        "id": uuid.UUID(str(data.get("id") or event.subject)),
        "version": int(data["version"]),
        "deleted": bool(data.get("deleted")) or event.type == "customer_group.deleted",
    }
