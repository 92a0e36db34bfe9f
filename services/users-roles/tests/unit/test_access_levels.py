"""The access-level rules, pure: no database, no HTTP."""
from __future__ import annotations

import random
import uuid

import pytest
from users_roles.domain.access import Owner, Subject, decide, reaches
from users_roles.domain.permissions import (
    ACTIONS,
    LEVELS,
    RESOURCES,
    Grant,
    Level,
    best,
    effective_permissions,
    grants_for,
    normalise_permissions,
)

ROOT, MINE, CHILD, GRANDCHILD, SIBLING, OTHER = (uuid.uuid4() for _ in range(6))
ME, COLLEAGUE = uuid.uuid4(), uuid.uuid4()
SUBJECT = Subject(ME, MINE)
RECORDS = {
    "own record": Owner(MINE, ME, (ROOT, MINE)),
    "same customer": Owner(MINE, COLLEAGUE, (ROOT, MINE)),
    "child": Owner(CHILD, None, (ROOT, MINE, CHILD)),
    "grandchild": Owner(GRANDCHILD, None, (ROOT, MINE, CHILD, GRANDCHILD)),
    "parent": Owner(ROOT, None, (ROOT,)),
    "sibling": Owner(SIBLING, None, (ROOT, SIBLING)),
    "other company": Owner(OTHER, None, (OTHER,)),
}
REACHED = {
    Level.NONE: set(),
    Level.USER: {"own record"},
    Level.DEPARTMENT: {"own record", "same customer"},
    Level.CORPORATE: {"own record", "same customer", "child", "grandchild"},
}


@pytest.mark.parametrize("record", RECORDS)
@pytest.mark.parametrize("level", list(Level))
def test_a_level_reaches_its_records_and_never_upward_or_sideways(level, record):
    assert reaches(level, SUBJECT, RECORDS[record]) is (record in REACHED[level])


def test_the_highest_grant_decides_and_is_named():
    grants = [Grant(1, "BUYER", Level.USER), Grant(2, "MANAGER", Level.CORPORATE)]
    decision = decide(grants, SUBJECT, RECORDS["child"])
    assert (decision.allowed, decision.access_level, decision.role) == (True, Level.CORPORATE, "MANAGER")


def test_no_grant_means_denied_at_none():
    assert decide([], SUBJECT, RECORDS["own record"]).access_level == Level.NONE


def test_effective_permissions_list_every_pair_with_the_highest_level():
    roles = [(1, "A", [{"resource": "role", "action": "VIEW", "access_level": "USER"}]),
             (2, "B", [{"resource": "role", "action": "VIEW", "access_level": "DEPARTMENT"}])]
    permissions = effective_permissions(roles)
    assert len(permissions) == 8 * 5
    assert {"resource": "role", "action": "VIEW", "access_level": "DEPARTMENT", "granted_by": "B"} in permissions


@pytest.mark.parametrize("seed", range(20))
def test_effective_permissions_are_for_each_pair_the_best_grant_of_the_roles(seed):
    """The one pass over the roles answers what the rule says pair by pair: each role's first
    entry for the pair, the highest level, the first role holding it named (ties, repeated
    entries and pairs outside the list included)."""
    pick = random.Random(seed)
    roles = [(uuid.uuid4(), f"R{n}", [{"resource": pick.choice([*RESOURCES, "rocket"]), "action": pick.choice(ACTIONS),
                                       "access_level": pick.choice(LEVELS)} for _ in range(pick.randrange(0, 12))])
             for n in range(pick.randrange(0, 5))]
    expected = []
    for resource in RESOURCES:
        for action in ACTIONS:
            top = best(grants_for(roles, resource, action))
            expected.append({"resource": resource, "action": action,
                             "access_level": (top.level if top else Level.NONE).name,
                             "granted_by": top.role_name if top and top.level else None})
    assert effective_permissions(roles) == expected


def test_unknown_resources_are_refused_and_a_later_entry_for_the_same_pair_wins():
    with pytest.raises(ValueError, match="Unknown resource"):
        normalise_permissions([{"resource": "rocket", "action": "VIEW", "access_level": "USER"}])
    merged = normalise_permissions([{"resource": "role", "action": "VIEW", "access_level": "USER"},
                                    {"resource": "role", "action": "VIEW", "access_level": "NONE"}])
    assert merged == [{"resource": "role", "action": "VIEW", "access_level": "NONE"}]
