"""The order of a customer's price lists: levels, priorities, fallbacks, windows. No I/O."""
from __future__ import annotations

import datetime as dt
import uuid

from pricing.domain.anchors import Anchors, effective
from pricing.domain.chain import Assignment, build_chain

NOW = dt.datetime(2030, 6, 1, tzinfo=dt.timezone.utc)
CUSTOMER, PARENT, GROUP = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
ANCHORS = Anchors(CUSTOMER, GROUP, (PARENT,))


def lists(**named) -> dict[str, uuid.UUID]:
    return {name: uuid.uuid4() for name in named}


def assigned(list_id, level, target, priority=0, **fields) -> Assignment:
    return Assignment(list_id, level, target, priority, **fields)


def names(chain, ids: dict) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    return [by_id[link.price_list_id] for link in chain]


IDS = {name: uuid.uuid4() for name in ("c1", "c2", "p1", "g1", "g2", "d1")}
ALL = [
    assigned(IDS["c2"], "customer", CUSTOMER, 2), assigned(IDS["c1"], "customer", CUSTOMER, 1),
    assigned(IDS["p1"], "customer", PARENT, 0),
    assigned(IDS["g2"], "customer_group", GROUP, 5), assigned(IDS["g1"], "customer_group", GROUP, -1),
    assigned(IDS["d1"], "default", None, 0),
]


def test_customer_lists_come_first_then_the_groups_then_the_default_each_by_priority():
    chain = build_chain(ANCHORS, ALL, {}, inherit_parent=False, moment=NOW)
    assert names(chain, IDS) == ["c1", "c2", "g1", "g2", "d1"]
    assert [link.level for link in chain] == ["customer", "customer", "customer_group", "customer_group", "default"]


def test_with_the_option_the_parents_lists_come_before_the_groups():
    chain = build_chain(ANCHORS, ALL, {}, inherit_parent=True, moment=NOW)
    assert names(chain, IDS) == ["c1", "c2", "p1", "g1", "g2", "d1"]
    assert chain[2].level == "parent_customer"


def test_a_customer_that_uses_its_own_level_only_gets_no_group_or_default_lists():
    chain = build_chain(ANCHORS, ALL, {("customer", CUSTOMER): "this_level_only"}, inherit_parent=True, moment=NOW)
    assert names(chain, IDS) == ["c1", "c2"]


def test_a_group_that_uses_its_own_level_only_cuts_off_the_default_lists():
    chain = build_chain(ANCHORS, ALL, {("customer_group", GROUP): "this_level_only"}, inherit_parent=False, moment=NOW)
    assert names(chain, IDS) == ["c1", "c2", "g1", "g2"]


def test_a_customer_without_a_group_falls_back_to_the_default_lists():
    chain = build_chain(Anchors(CUSTOMER), ALL, {}, inherit_parent=False, moment=NOW)
    assert names(chain, IDS) == ["c1", "c2", "d1"]


def test_inactive_lists_and_lists_outside_their_window_are_skipped():
    day = dt.timedelta(days=1)
    windowed = [
        assigned(IDS["c1"], "customer", CUSTOMER, 1, list_active=False),
        assigned(IDS["c2"], "customer", CUSTOMER, 2, active_from=NOW + day),
        assigned(IDS["g1"], "customer_group", GROUP, 1, active_to=NOW),
        assigned(IDS["g2"], "customer_group", GROUP, 2, active_from=NOW - day, active_to=NOW + day),
    ]
    assert names(build_chain(ANCHORS, windowed, {}, False, NOW), IDS) == ["g2"]


def test_the_effective_term_is_the_customers_else_the_parents_with_the_option_else_the_groups():
    terms = {("customer", PARENT): "net 60", ("customer_group", GROUP): "net 30"}
    assert effective(ANCHORS, terms, inherit_parent=False) == ("net 30", "customer_group")
    assert effective(ANCHORS, terms, inherit_parent=True) == ("net 60", "parent_customer")
    assert effective(ANCHORS, {**terms, ("customer", CUSTOMER): "due"}, True) == ("due", "customer")
    assert effective(Anchors(CUSTOMER), terms, inherit_parent=True) == (None, None)
