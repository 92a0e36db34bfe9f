"""Who a customer is, for pricing: itself, its ancestors (nearest first) and its group."""
from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Anchors:
    customer_id: uuid.UUID
    group_id: uuid.UUID | None = None
    ancestor_ids: tuple[uuid.UUID, ...] = ()  # parent first, root last


def effective(anchors: Anchors, assigned: dict[tuple[str, uuid.UUID], object], inherit_parent: bool):
    """The customer's own assignment, else (option) the nearest ancestor's, else its group's.
    Returns (assigned value, source) or (None, None); used for payment terms and tax codes."""
    candidates = [("customer", anchors.customer_id, "customer")]
    if inherit_parent:
        candidates += [("customer", ancestor, "parent_customer") for ancestor in anchors.ancestor_ids]
    if anchors.group_id is not None:
        candidates.append(("customer_group", anchors.group_id, "customer_group"))
    for level, target, source in candidates:
        if (level, target) in assigned:
            return assigned[(level, target)], source
    return None, None
