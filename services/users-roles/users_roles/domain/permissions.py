"""Permissions: resource x action x access level, and the one list of resources a customer
role may name. The levels and actions are the suite's vocabulary (b2b_shared.auth.levels,
OroCommerce's meaning); which resources exist is this service's rule.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from b2b_shared.auth.levels import ACTIONS, LEVELS, Level

__all__ = ["ACTIONS", "LEVELS", "Level", "RESOURCES"]

RESOURCES = (
    "customer", "customer_address", "customer_user", "role",
    "price_list", "payment_term", "balance", "import_job",
)


@dataclass(frozen=True)
class Grant:
    """The level one role gives for one resource x action."""

    role_id: object
    role_name: str
    level: Level


def normalise_permissions(raw: Iterable[dict]) -> list[dict]:
    """Validate `{resource, action, access_level}` entries; a later entry for the same pair wins.
    Raises ValueError with a message for the user."""
    merged: dict[tuple[str, str], str] = {}
    for entry in raw:
        resource, action, level = entry.get("resource"), entry.get("action"), entry.get("access_level")
        if resource not in RESOURCES:
            raise ValueError(f"Unknown resource {resource!r}; one of: {', '.join(RESOURCES)}.")
        if action not in ACTIONS:
            raise ValueError(f"Unknown action {action!r}; one of: {', '.join(ACTIONS)}.")
        if level not in LEVELS:
            raise ValueError(f"Unknown access level {level!r}; one of: {', '.join(LEVELS)}.")
        merged[(resource, action)] = level
    return [{"resource": r, "action": a, "access_level": lvl} for (r, a), lvl in sorted(merged.items())]


def grants_for(roles: Iterable[tuple[object, str, list[dict]]], resource: str, action: str) -> list[Grant]:
    """Each role's level for one resource x action (NONE where it says nothing)."""
    grants = []
    for role_id, name, permissions in roles:
        level = next((Level[p["access_level"]] for p in permissions
                      if p["resource"] == resource and p["action"] == action), Level.NONE)
        grants.append(Grant(role_id, name, level))
    return grants


def best(grants: list[Grant]) -> Grant | None:
    return max(grants, key=lambda grant: grant.level, default=None)


PAIRS = tuple((resource, action) for resource in RESOURCES for action in ACTIONS)
_LISTED = frozenset(PAIRS)
_NONE = (Level.NONE, None)


def effective_permissions(roles: Iterable[tuple[object, str, list[dict]]]) -> list[dict]:
    """The max level per resource x action over the roles, every pair listed (NONE included): for
    each pair, best(grants_for(...)) - a role's first entry for the pair is its level, and of the
    roles with the highest level the first one is named. Read in one pass over the roles' entries,
    not once per pair: asking grants_for for each of the 40 pairs was a fifth of the request
    (issue 12, cProfile of GET .../permissions)."""
    top: dict[tuple[str, str], tuple[Level, str]] = {}
    for _, name, permissions in roles:
        seen = set()
        for entry in permissions:
            pair = (entry["resource"], entry["action"])
            if pair in seen or pair not in _LISTED:
                continue
            seen.add(pair)
            level = Level[entry["access_level"]]
            if level > top.get(pair, _NONE)[0]:
                top[pair] = (level, name)
    return [{"resource": resource, "action": action, "access_level": level.name, "granted_by": granted_by}
            for resource, action in PAIRS for level, granted_by in [top.get((resource, action), _NONE)]]
