"""Access levels and actions: the suite-wide vocabulary of permissions (docs/architecture.md, Identity).

Levels keep OroCommerce's meaning (https://doc.oroinc.com/user/back-office/customers/customer-user-roles/):
USER = the user's own records, DEPARTMENT = records of the user's customer, CORPORATE = the
user's customer and all of its descendants. Each level includes the ones below it, so a user's
effective level is the highest any of their roles grants.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

ACTIONS = ("VIEW", "CREATE", "EDIT", "DELETE", "ASSIGN")


class Level(IntEnum):
    NONE = 0
    USER = 1
    DEPARTMENT = 2
    CORPORATE = 3


LEVELS = tuple(level.name for level in Level)

Permissions = dict[tuple[str, str], Level]


def merge_permissions(role_permissions: Iterable[Iterable[dict]]) -> Permissions:
    """The highest level per (resource, action) over roles' `{resource, action, access_level}` lists."""
    merged: Permissions = {}
    for permissions in role_permissions:
        for entry in permissions or ():
            key, level = (entry["resource"], entry["action"]), Level[entry["access_level"]]
            if level > merged.get(key, Level.NONE):
                merged[key] = level
    return merged
