"""Who a customer is, for pricing: itself, its ancestors (nearest first), its group, the tax codes
the customers service gave it and them, and how far up its fallback choice lets it inherit."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from .levels import CUSTOMER, CUSTOMER_GROUP

# A customer's fallback after its own price lists (OroCommerce's "Fallback" on the customer):
NEXT = "next"  # its customer group, then the default level: OroCommerce's default, and what none set means
THIS_LEVEL_ONLY = "this_level_only"  # its own lists only ("current customer only")
PARENT_CUSTOMER = "parent_customer"  # its parent's lists next, then on as the parent's own fallback says
CUSTOMER_FALLBACKS = (NEXT, THIS_LEVEL_ONLY, PARENT_CUSTOMER)
GROUP_FALLBACKS = (NEXT, THIS_LEVEL_ONLY)  # a group has no parent


@dataclass(frozen=True)
class Anchors:
    customer_id: uuid.UUID
    group_id: uuid.UUID | None = None
    ancestor_ids: tuple[uuid.UUID, ...] = ()  # every known ancestor, parent first, root last
    tax_codes: Mapping[uuid.UUID, str] = field(default_factory=dict)  # the customer's and ancestors' own


@dataclass(frozen=True)
class Inheritance:
    """What a customer inherits from its ancestors: their ids (nearest first), and whether its
    chain ends after the last of them (a `this_level_only` where the walk up stopped)."""
    ancestor_ids: tuple[uuid.UUID, ...]
    stops: bool


def inheritance(anchors: Anchors, fallbacks: Mapping[tuple[str, uuid.UUID], str]) -> Inheritance:
    """Walk up while each customer's fallback says `parent_customer`; the last one walked decides
    what follows: `this_level_only` ends the chain, anything else goes on to the group (the
    customer's own group: its group is what the customer buys as)."""
    inherited, current = [], anchors.customer_id
    for ancestor in anchors.ancestor_ids:
        if fallbacks.get((CUSTOMER, current), NEXT) != PARENT_CUSTOMER:
            break
        inherited.append(ancestor)
        current = ancestor
    return Inheritance(tuple(inherited), fallbacks.get((CUSTOMER, current), NEXT) == THIS_LEVEL_ONLY)


def effective(anchors: Anchors, assigned: Mapping[tuple[str, uuid.UUID], object], inherited: Inheritance,
              own: Mapping[uuid.UUID, object] | None = None):
    """The customer's own, else its inherited ancestors' (nearest first), else its group's.
    `own` holds what the customers themselves carry (their tax code), which comes before an
    assignment at the same customer. Returns (value, source) or (None, None); used for payment
    terms and tax codes."""
    own = own or {}
    candidates = [(anchors.customer_id, CUSTOMER)] + [(a, "parent_customer") for a in inherited.ancestor_ids]
    for customer, source in candidates:
        if customer in own:
            return own[customer], source
        if (CUSTOMER, customer) in assigned:
            return assigned[(CUSTOMER, customer)], source
    if anchors.group_id is not None and (CUSTOMER_GROUP, anchors.group_id) in assigned:
        return assigned[(CUSTOMER_GROUP, anchors.group_id)], CUSTOMER_GROUP
    return None, None
