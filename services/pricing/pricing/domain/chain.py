"""The ordered chain of price lists a customer's prices come from (OroCommerce's fallback):
its own lists, then (option) its ancestors', then its group's, then the default lists, each
level in priority order (lower first). A fallback of `this_level_only` on the customer or its
group ends the chain there. Inactive lists and lists outside their window are skipped."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from .anchors import Anchors


@dataclass(frozen=True)
class Assignment:
    price_list_id: uuid.UUID
    level: str
    target_id: uuid.UUID | None
    priority: int
    merge_allowed: bool = True
    list_active: bool = True
    active_from: dt.datetime | None = None
    active_to: dt.datetime | None = None

    def effective_at(self, moment: dt.datetime) -> bool:
        return (self.list_active and (self.active_from is None or self.active_from <= moment)
                and (self.active_to is None or moment < self.active_to))


@dataclass(frozen=True)
class Link:
    price_list_id: uuid.UUID
    level: str  # customer, parent_customer, customer_group or default
    merge_allowed: bool


def build_chain(anchors: Anchors, assignments: list[Assignment], fallbacks: dict[tuple[str, uuid.UUID], str],
                inherit_parent: bool, moment: dt.datetime) -> list[Link]:
    usable = sorted((a for a in assignments if a.effective_at(moment)), key=lambda a: (a.priority, str(a.price_list_id)))

    def lists_of(level: str, target: uuid.UUID | None, reported: str) -> list[Link]:
        return [Link(a.price_list_id, reported, a.merge_allowed) for a in usable
                if a.level == level and a.target_id == target]

    chain = lists_of("customer", anchors.customer_id, "customer")
    if fallbacks.get(("customer", anchors.customer_id)) == "this_level_only":
        return chain
    if inherit_parent:
        for ancestor in anchors.ancestor_ids:
            chain += lists_of("customer", ancestor, "parent_customer")
    if anchors.group_id is not None:
        chain += lists_of("customer_group", anchors.group_id, "customer_group")
        if fallbacks.get(("customer_group", anchors.group_id)) == "this_level_only":
            return chain
    return chain + lists_of("default", None, "default")
