"""Price list assignments and fallbacks against the fake unit of work: who may set them at which
level, what they refuse, and the events they record."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.db.paging import Sort
from b2b_shared.errors import Forbidden, NotFound, PreconditionFailed, ValidationFailed
from pricing.domain import events
from pricing.domain.assignments import PriceListAssignment
from pricing.domain.price_lists import PriceList
from pricing.services import assignments as use_cases
from pricing.services import fallbacks

OLDEST_FIRST = Sort("created_at", None, False)
CUSTOMER, OTHER, GROUP = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


@pytest.fixture(autouse=True)
def known(uow) -> None:
    """The customers and the group these tests name, as their events told pricing."""
    for customer in (CUSTOMER, OTHER):
        uow.customers.tell(customer)
    uow.customer_groups.tell(GROUP)


@pytest.fixture
def list_id(uow) -> uuid.UUID:
    return uow.given(PriceList(id=uuid.uuid4(), name="Retail", currencies=["EUR"], active=True)).id


def assigned(uow, list_id, level="customer", target_id=CUSTOMER) -> PriceListAssignment:
    return uow.given(PriceListAssignment(id=uuid.uuid4(), price_list_id=list_id, level=level, target_id=target_id,
                                         priority=0, merge_allowed=True))


def test_assigning_a_price_list_records_price_list_assignment_created(uow, admin, list_id):
    assignment = use_cases.create_assignment(uow, admin, {"price_list_id": list_id, "level": "customer_group",
                                                          "target_id": GROUP, "priority": 1, "merge_allowed": True})
    assert uow.price_list_assignments.get(assignment.id) is assignment
    assert uow.event_types == [events.PRICE_LIST_ASSIGNMENT_CREATED]


def test_assigning_an_unknown_price_list_is_a_field_error(uow, admin):
    with pytest.raises(ValidationFailed) as refused:
        use_cases.create_assignment(uow, admin, {"price_list_id": uuid.uuid4(), "level": "default"})
    assert refused.value.errors == {"price_list_id": ["No such PriceList."]}


@pytest.mark.parametrize("level", ["customer", "customer_group"])
def test_assigning_to_a_customer_or_group_pricing_does_not_know_is_a_field_error(uow, admin, list_id, level):
    with pytest.raises(ValidationFailed) as refused:
        use_cases.create_assignment(uow, admin, {"price_list_id": list_id, "level": level, "target_id": uuid.uuid4()})
    assert refused.value.errors == {"target_id": [f"No such {level.replace('_', ' ')}."]} and uow.events == []


def test_a_deleted_customer_or_group_is_no_target_and_every_field_error_comes_at_once(uow, admin):
    uow.customers.tell(CUSTOMER, deleted=True)
    with pytest.raises(ValidationFailed) as refused:
        use_cases.create_assignment(uow, admin, {"price_list_id": uuid.uuid4(), "level": "customer",
                                                 "target_id": CUSTOMER})
    assert set(refused.value.errors) == {"price_list_id", "target_id"}


def test_a_customer_out_of_the_callers_reach_is_refused_as_an_unknown_one_would_be(uow, rep, list_id):
    with pytest.raises(ValidationFailed) as refused:
        use_cases.create_assignment(uow, rep(CUSTOMER), {"price_list_id": list_id, "level": "customer",
                                                         "target_id": OTHER})
    assert refused.value.errors == {"target_id": ["No such customer."]} and uow.events == []


def test_a_sales_representative_assigns_to_its_customers_but_not_to_groups_or_everyone(uow, rep, list_id):
    use_cases.create_assignment(uow, rep(CUSTOMER), {"price_list_id": list_id, "level": "customer",
                                                     "target_id": CUSTOMER})
    for level, target in (("customer_group", GROUP), ("default", None)):
        with pytest.raises(Forbidden):
            use_cases.create_assignment(uow, rep(CUSTOMER), {"price_list_id": list_id, "level": level,
                                                             "target_id": target})
    assert uow.event_types == [events.PRICE_LIST_ASSIGNMENT_CREATED]


def test_another_customers_assignment_is_not_found_for_a_sales_representative(uow, rep, list_id):
    foreign = assigned(uow, list_id, target_id=OTHER)
    with pytest.raises(NotFound):
        use_cases.read_assignment(uow, rep(CUSTOMER), foreign.id)
    with pytest.raises(NotFound):
        use_cases.delete_assignment(uow, rep(CUSTOMER), foreign.id, 7)  # not found before the stale version


def test_changing_an_assignment_records_price_list_assignment_updated(uow, admin, list_id):
    assignment = assigned(uow, list_id)
    use_cases.update_assignment(uow, admin, assignment.id, {"priority": 5}, 1)
    assert assignment.priority == 5 and uow.event_types == [events.PRICE_LIST_ASSIGNMENT_UPDATED]
    with pytest.raises(PreconditionFailed):
        use_cases.update_assignment(uow, admin, assignment.id, {"priority": 6}, 7)


def test_removing_an_assignment_records_its_last_state_one_version_on(uow, admin, list_id):
    assignment = assigned(uow, list_id)
    use_cases.delete_assignment(uow, admin, assignment.id, 1)
    [deleted] = uow.events
    assert deleted.type == events.PRICE_LIST_ASSIGNMENT_DELETED
    assert (deleted.snapshot["target_id"], deleted.snapshot["version"]) == (str(CUSTOMER), 2)
    assert uow.price_list_assignments.get(assignment.id) is None


def test_a_sales_representative_lists_its_customers_assignments_and_every_other_level(uow, rep, list_id):
    own, _, group, default = (assigned(uow, list_id, *where) for where in
                              (("customer", CUSTOMER), ("customer", OTHER), ("customer_group", GROUP), ("default", None)))
    items, _ = use_cases.list_assignments(uow, rep(CUSTOMER, action="VIEW"), {}, OLDEST_FIRST, 50, None)
    assert items == [own, group, default]
    items, _ = use_cases.list_assignments(uow, rep(CUSTOMER, action="VIEW"), {"level": "customer"}, OLDEST_FIRST,
                                          50, None)
    assert items == [own]


def test_a_fallback_never_set_reads_as_next_at_version_0(uow, admin):
    found = fallbacks.read_fallback(uow, admin, "customer", CUSTOMER)
    assert (found.fallback, found.version) == ("next", 0) and uow.fallbacks.rows == {}


def test_the_first_fallback_is_set_at_version_0_and_records_price_list_fallback_updated(uow, admin):
    with pytest.raises(PreconditionFailed):
        fallbacks.set_fallback(uow, admin, "customer_group", GROUP, "this_level_only", 1)
    fallbacks.set_fallback(uow, admin, "customer_group", GROUP, "this_level_only", 0)
    fallbacks.set_fallback(uow, admin, "customer_group", GROUP, "this_level_only", 1)  # no change, no event
    fallbacks.set_fallback(uow, admin, "customer_group", GROUP, "next", 1)
    assert uow.event_types == [events.FALLBACK_UPDATED, events.FALLBACK_UPDATED]
    assert fallbacks.read_fallback(uow, admin, "customer_group", GROUP).fallback == "next"


def test_a_sales_representative_sets_only_its_customers_fallback(uow, rep):
    fallbacks.set_fallback(uow, rep(CUSTOMER), "customer", CUSTOMER, "this_level_only", 0)
    with pytest.raises(NotFound):
        fallbacks.set_fallback(uow, rep(CUSTOMER), "customer", OTHER, "this_level_only", 0)
    with pytest.raises(Forbidden):
        fallbacks.set_fallback(uow, rep(CUSTOMER), "customer_group", GROUP, "this_level_only", 0)
    assert len(uow.events) == 1


def test_a_customer_may_fall_back_to_its_parent_but_a_group_may_not(uow, admin):
    assert fallbacks.set_fallback(uow, admin, "customer", CUSTOMER, "parent_customer", 0).fallback == "parent_customer"
    with pytest.raises(ValidationFailed) as refused:
        fallbacks.set_fallback(uow, admin, "customer_group", GROUP, "parent_customer", 0)
    assert set(refused.value.errors) == {"fallback"}


def test_the_fallback_of_a_customer_or_group_pricing_does_not_know_is_not_found(uow, admin):
    for level in ("customer", "customer_group"):
        with pytest.raises(NotFound):
            fallbacks.set_fallback(uow, admin, level, uuid.uuid4(), "this_level_only", 0)
    assert uow.events == []
