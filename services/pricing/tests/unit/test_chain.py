"""The order of a customer's price lists: levels, priorities, each customer's fallback choice
(its group, its own lists only, or its parent's lists), windows; and why a list was passed over.
No I/O."""
from __future__ import annotations

import datetime as dt
import uuid

from pricing.domain.anchors import Anchors, effective, inheritance
from pricing.domain.chain import Assignment, build_chain, consider_chain

NOW = dt.datetime(2030, 6, 1, tzinfo=dt.timezone.utc)
CUSTOMER, PARENT, ROOT, GROUP = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
ANCHORS = Anchors(CUSTOMER, GROUP, (PARENT, ROOT))


def assigned(list_id, level, target, priority=0, **fields) -> Assignment:
    return Assignment(list_id, level, target, priority, **fields)


def names(chain) -> list[str]:
    by_id = {v: k for k, v in IDS.items()}
    return [by_id[link.price_list_id] for link in chain]


IDS = {name: uuid.uuid4() for name in ("c1", "c2", "p1", "r1", "g1", "g2", "d1")}
ALL = [
    assigned(IDS["c2"], "customer", CUSTOMER, 2), assigned(IDS["c1"], "customer", CUSTOMER, 1),
    assigned(IDS["p1"], "customer", PARENT, 0), assigned(IDS["r1"], "customer", ROOT, 0),
    assigned(IDS["g2"], "customer_group", GROUP, 5), assigned(IDS["g1"], "customer_group", GROUP, -1),
    assigned(IDS["d1"], "default", None, 0),
]


def fallbacks(**by_target) -> dict:
    targets = {"customer": CUSTOMER, "parent": PARENT, "root": ROOT}
    return {("customer_group" if name == "group" else "customer", GROUP if name == "group" else targets[name]): value
            for name, value in by_target.items()}


def test_customer_lists_come_first_then_the_groups_then_the_default_each_by_priority():
    chain = build_chain(ANCHORS, ALL, {}, NOW)
    assert names(chain) == ["c1", "c2", "g1", "g2", "d1"]
    assert [link.level for link in chain] == ["customer", "customer", "customer_group", "customer_group", "default"]


def test_a_customer_falling_back_to_its_parent_gets_the_parents_lists_before_its_group():
    chain = build_chain(ANCHORS, ALL, fallbacks(customer="parent_customer"), NOW)
    assert names(chain) == ["c1", "c2", "p1", "g1", "g2", "d1"]
    assert chain[2].level == "parent_customer"


def test_the_walk_up_goes_on_while_each_ancestor_also_falls_back_to_its_parent():
    chain = build_chain(ANCHORS, ALL, fallbacks(customer="parent_customer", parent="parent_customer"), NOW)
    assert names(chain) == ["c1", "c2", "p1", "r1", "g1", "g2", "d1"]


def test_an_ancestor_on_its_own_level_only_ends_the_chain_after_its_lists():
    chain = build_chain(ANCHORS, ALL, fallbacks(customer="parent_customer", parent="this_level_only"), NOW)
    assert names(chain) == ["c1", "c2", "p1"]


def test_a_root_falling_back_to_its_parent_goes_on_to_its_group():
    chain = build_chain(Anchors(CUSTOMER, GROUP), ALL, fallbacks(customer="parent_customer"), NOW)
    assert names(chain) == ["c1", "c2", "g1", "g2", "d1"]


def test_a_customer_that_uses_its_own_level_only_gets_no_parent_group_or_default_lists():
    assert names(build_chain(ANCHORS, ALL, fallbacks(customer="this_level_only"), NOW)) == ["c1", "c2"]


def test_a_group_that_uses_its_own_level_only_cuts_off_the_default_lists():
    assert names(build_chain(ANCHORS, ALL, fallbacks(group="this_level_only"), NOW)) == ["c1", "c2", "g1", "g2"]


def test_a_customer_without_a_group_falls_back_to_the_default_lists():
    assert names(build_chain(Anchors(CUSTOMER), ALL, {}, NOW)) == ["c1", "c2", "d1"]


def test_inactive_lists_and_lists_outside_their_window_are_passed_over_and_say_why():
    day = dt.timedelta(days=1)
    windowed = [
        assigned(IDS["c1"], "customer", CUSTOMER, 1, list_active=False),
        assigned(IDS["c2"], "customer", CUSTOMER, 2, active_from=NOW + day),
        assigned(IDS["g1"], "customer_group", GROUP, 1, active_to=NOW),
        assigned(IDS["g2"], "customer_group", GROUP, 2, active_from=NOW - day, active_to=NOW + day),
        assigned(IDS["d1"], "default", None),
    ]
    considered = consider_chain(ANCHORS, windowed, fallbacks(group="this_level_only"), NOW)
    assert [(names([c.link])[0], c.passed_over) for c in considered] == [
        ("c1", "inactive"), ("c2", "outside_window"), ("g1", "outside_window"), ("g2", None), ("d1", "fallback_stop")]


def test_a_list_assigned_at_two_levels_counts_once_at_the_first():
    twice = [assigned(IDS["c1"], "customer", CUSTOMER), assigned(IDS["c1"], "default", None),
             assigned(IDS["d1"], "default", None, 1)]
    considered = consider_chain(ANCHORS, twice, {}, NOW)
    assert [c.passed_over for c in considered] == [None, "already_in_chain", None]
    assert names(build_chain(ANCHORS, twice, {}, NOW)) == ["c1", "d1"]


def test_the_effective_term_is_the_customers_else_an_inherited_ancestors_else_the_groups():
    terms = {("customer", PARENT): "net 60", ("customer_group", GROUP): "net 30"}
    by_own_choice = inheritance(ANCHORS, {})
    by_parent = inheritance(ANCHORS, fallbacks(customer="parent_customer"))
    assert effective(ANCHORS, terms, by_own_choice) == ("net 30", "customer_group")
    assert effective(ANCHORS, terms, by_parent) == ("net 60", "parent_customer")
    assert effective(ANCHORS, {**terms, ("customer", CUSTOMER): "due"}, by_parent) == ("due", "customer")
    orphan = Anchors(CUSTOMER)
    assert effective(orphan, terms, inheritance(orphan, fallbacks(customer="parent_customer"))) == (None, None)


def test_what_a_customer_carries_itself_comes_before_anything_assigned():
    inherited = inheritance(ANCHORS, fallbacks(customer="parent_customer"))
    assigned_codes = {("customer_group", GROUP): "EXEMPT"}
    assert effective(ANCHORS, assigned_codes, inherited, {CUSTOMER: "STANDARD"}) == ("STANDARD", "customer")
    assert effective(ANCHORS, assigned_codes, inherited, {PARENT: "REDUCED"}) == ("REDUCED", "parent_customer")
    assert effective(ANCHORS, assigned_codes, inheritance(ANCHORS, {}), {PARENT: "REDUCED"}) == (
        "EXEMPT", "customer_group")
