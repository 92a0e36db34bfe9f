"""The access-level rules, pure: no database, no HTTP."""
from __future__ import annotations

import uuid

import pytest
from users_roles.domain.access import Owner, Subject, decide, reaches
from users_roles.domain.permissions import Grant, Level, effective_permissions, normalise_permissions

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


def test_unknown_resources_are_refused_and_a_later_entry_for_the_same_pair_wins():
    with pytest.raises(ValueError, match="Unknown resource"):
        normalise_permissions([{"resource": "rocket", "action": "VIEW", "access_level": "USER"}])
    merged = normalise_permissions([{"resource": "role", "action": "VIEW", "access_level": "USER"},
                                    {"resource": "role", "action": "VIEW", "access_level": "NONE"}])
    assert merged == [{"resource": "role", "action": "VIEW", "access_level": "NONE"}]
