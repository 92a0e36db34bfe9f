"""The ordered chain of price lists a customer's prices come from (OroCommerce's fallback):
its own lists, then those of the ancestors its fallback lets it inherit (`parent_customer`),
then its group's, then the default lists, each level in priority order (lower first, ties by
list id). A `this_level_only` fallback ends the chain at that level. Inactive lists and lists
outside their window are passed over. `consider_chain` keeps every list it passed over with the
reason (for ?explain=true); `build_chain` is the chain itself."""
from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from .anchors import THIS_LEVEL_ONLY, Anchors, inheritance
from .levels import CUSTOMER, CUSTOMER_GROUP, DEFAULT

INACTIVE = "inactive"
OUTSIDE_WINDOW = "outside_window"
FALLBACK_STOP = "fallback_stop"  # a this_level_only fallback ended the chain before this list
ALREADY_IN_CHAIN = "already_in_chain"  # the list is assigned at an earlier level too: it counts once, there


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

    def passed_over_at(self, moment: dt.datetime) -> str | None:
        """Why the list is not used at `moment`, or None when it is."""
        if not self.list_active:
            return INACTIVE
        if (self.active_from is not None and moment < self.active_from) or (
                self.active_to is not None and moment >= self.active_to):
            return OUTSIDE_WINDOW
        return None


@dataclass(frozen=True)
class Link:
    price_list_id: uuid.UUID
    level: str  # customer, parent_customer, customer_group or default
    merge_allowed: bool = True
    priority: int = 0


@dataclass(frozen=True)
class Considered:
    link: Link
    passed_over: str | None = None  # inactive, outside_window, fallback_stop; None: in the chain


def consider_chain(anchors: Anchors, assignments: list[Assignment], fallbacks: Mapping[tuple[str, uuid.UUID], str],
                   moment: dt.datetime) -> list[Considered]:
    ordered = sorted(assignments, key=lambda a: (a.priority, str(a.price_list_id)))
    inherited = inheritance(anchors, fallbacks)
    levels = [(CUSTOMER, anchors.customer_id, CUSTOMER, False)]
    levels += [(CUSTOMER, ancestor, "parent_customer", False) for ancestor in inherited.ancestor_ids]
    levels[-1] = (*levels[-1][:3], inherited.stops)  # the last customer walked may end the chain
    if anchors.group_id is not None:
        group_stops = fallbacks.get((CUSTOMER_GROUP, anchors.group_id)) == THIS_LEVEL_ONLY
        levels.append((CUSTOMER_GROUP, anchors.group_id, CUSTOMER_GROUP, group_stops))
    levels.append((DEFAULT, None, DEFAULT, False))
    considered, stopped, chained = [], False, set()
    for level, target, reported, stops_after in levels:
        for a in ordered:
            if a.level == level and a.target_id == target:
                reason = FALLBACK_STOP if stopped else a.passed_over_at(moment)
                if reason is None and a.price_list_id in chained:
                    reason = ALREADY_IN_CHAIN
                if reason is None:
                    chained.add(a.price_list_id)
                considered.append(Considered(Link(a.price_list_id, reported, a.merge_allowed, a.priority), reason))
        stopped = stopped or stops_after
    return considered


def build_chain(anchors: Anchors, assignments: list[Assignment], fallbacks: Mapping[tuple[str, uuid.UUID], str],
                moment: dt.datetime) -> list[Link]:
    return [c.link for c in consider_chain(anchors, assignments, fallbacks, moment) if c.passed_over is None]
