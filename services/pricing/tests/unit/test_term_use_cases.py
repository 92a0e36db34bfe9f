"""Payment terms and tax codes against the fake unit of work: one set of use cases serves both,
so every test runs for each. The effective one falls back from the customer to the ancestors its
fallback lets it inherit, then its group. A customer's own tax code is the customer record's."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.db.paging import Sort
from b2b_shared.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from pricing.domain import events
from pricing.domain.assignments import PriceListFallback
from pricing.services import term_assignments, terms
from pricing.services.terms import PAYMENT_TERM, TAX_CODE

CUSTOMER, PARENT, GROUP = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
FIELDS = {PAYMENT_TERM: {"label": "Net 30", "net_days": 30}, TAX_CODE: {"code": "STD", "description": None}}
EVENTS = {PAYMENT_TERM: (events.PAYMENT_TERM_EVENTS, events.PAYMENT_TERM_ASSIGNMENT_EVENTS),
          TAX_CODE: (events.TAX_CODE_EVENTS, events.TAX_CODE_ASSIGNMENT_EVENTS)}
each_kind = pytest.mark.parametrize("kind", [PAYMENT_TERM, TAX_CODE], ids=lambda kind: kind.name)


@pytest.fixture(autouse=True)
def known(uow) -> None:
    uow.customers.tell(CUSTOMER, group_id=GROUP, ancestors=[PARENT])
    uow.customers.tell(PARENT)
    uow.customer_groups.tell(GROUP)


def existing(uow, kind, **fields):
    return uow.given(kind.model(id=uuid.uuid4(), **{**FIELDS[kind], **fields}))


def assigned(uow, kind, term, level="customer_group", target_id=GROUP):
    return uow.given(kind.assignment(id=uuid.uuid4(), level=level, target_id=target_id,
                                     **{kind.reference: term.id}))


@each_kind
def test_a_term_or_code_is_created_changed_and_deleted_with_its_events(uow, kind):
    lifecycle, _ = EVENTS[kind]
    resource = terms.create(uow, kind, FIELDS[kind])
    first_field = next(iter(FIELDS[kind]))
    terms.update(uow, kind, resource.id, {first_field: "Changed"}, 1)
    terms.update(uow, kind, resource.id, {first_field: "Changed"}, 1)  # nothing changed: no event
    terms.delete(uow, kind, resource.id, 1)
    assert uow.event_types == [lifecycle.created, lifecycle.updated, lifecycle.deleted]
    assert uow.events[-1].snapshot[first_field] == "Changed"
    with pytest.raises(NotFound):
        terms.read(uow, kind, resource.id)


@each_kind
def test_deleting_a_term_or_code_that_is_assigned_is_refused(uow, kind):
    resource = existing(uow, kind)
    assigned(uow, kind, resource)
    with pytest.raises(Conflict, match=f"This {kind.name.replace('_', ' ')} is assigned"):
        terms.delete(uow, kind, resource.id, 1)
    with pytest.raises(PreconditionFailed):
        terms.update(uow, kind, resource.id, FIELDS[kind], 3)
    assert uow.events == []


@each_kind
def test_assigning_records_the_assignments_created_event_and_an_unknown_term_is_a_field_error(uow, admin, kind):
    _, lifecycle = EVENTS[kind]
    resource = existing(uow, kind)
    body = {kind.reference: resource.id, "level": "customer_group", "target_id": GROUP}
    assignment = term_assignments.assign(uow, admin, kind, body)
    assert kind.assignments(uow).get(assignment.id) is assignment and uow.event_types == [lifecycle.created]
    with pytest.raises(ValidationFailed) as refused:
        term_assignments.assign(uow, admin, kind, {**body, kind.reference: uuid.uuid4()})
    assert refused.value.errors == {kind.reference: [f"No such {kind.model.__name__}."]}


@each_kind
def test_reassigning_points_the_assignment_at_another_existing_term_or_code(uow, admin, kind):
    _, lifecycle = EVENTS[kind]
    first, second = existing(uow, kind), existing(uow, kind)
    assignment = assigned(uow, kind, first)
    with pytest.raises(ValidationFailed):
        term_assignments.reassign(uow, admin, kind, assignment.id, {kind.reference: uuid.uuid4()}, 1)
    term_assignments.reassign(uow, admin, kind, assignment.id, {kind.reference: second.id}, 1)
    assert getattr(assignment, kind.reference) == second.id and uow.event_types == [lifecycle.updated]
    term_assignments.unassign(uow, admin, kind, assignment.id, 1)
    assert uow.event_types == [lifecycle.updated, lifecycle.deleted]


@each_kind
def test_a_sales_representative_reaches_only_its_customers_assignments(uow, rep, kind):
    resource = existing(uow, kind)
    other = assigned(uow, kind, resource, "customer", uuid.uuid4())
    group = assigned(uow, kind, resource, "customer_group", GROUP)
    with pytest.raises(NotFound):
        term_assignments.read_assignment(uow, rep(CUSTOMER), kind, other.id)
    items, _ = term_assignments.list_assignments(uow, rep(CUSTOMER, action="VIEW"), kind, {},
                                                 Sort("created_at", None, False), 50, None)
    assert items == [group]


def test_the_effective_payment_term_is_the_customers_own_else_its_groups_else_none(uow, admin):
    kind = PAYMENT_TERM
    assert terms.effective_for(uow, admin, kind, CUSTOMER) == (None, None)
    for_group, own = existing(uow, kind), existing(uow, kind)
    assigned(uow, kind, for_group, "customer_group", GROUP)
    assert terms.effective_for(uow, admin, kind, CUSTOMER) == (for_group, "customer_group")
    assigned(uow, kind, own, "customer", CUSTOMER)
    assert terms.effective_for(uow, admin, kind, CUSTOMER) == (own, "customer")


def test_the_effective_tax_code_is_the_customer_records_own_else_its_groups(uow, admin):
    standard, exempt = existing(uow, TAX_CODE, code="STANDARD"), existing(uow, TAX_CODE, code="EXEMPT")
    assigned(uow, TAX_CODE, exempt, "customer_group", GROUP)
    assert terms.effective_for(uow, admin, TAX_CODE, CUSTOMER) == (exempt, "customer_group")
    uow.customers.tell(CUSTOMER, group_id=GROUP, ancestors=[PARENT], tax_code="STANDARD")  # customer.updated
    assert terms.effective_for(uow, admin, TAX_CODE, CUSTOMER) == (standard, "customer")


def test_a_tax_code_pricing_keeps_no_record_of_is_answered_by_its_code_alone(uow, admin):
    uow.customers.tell(CUSTOMER, group_id=GROUP, tax_code="REDUCED")
    found, source = terms.effective_for(uow, admin, TAX_CODE, CUSTOMER)
    assert (found.code, found.id, source) == ("REDUCED", None, "customer")


def test_a_tax_code_is_never_assigned_to_a_customer_here(uow, admin):
    code = existing(uow, TAX_CODE)
    with pytest.raises(ValidationFailed) as refused:
        term_assignments.assign(uow, admin, TAX_CODE, {"tax_code_id": code.id, "level": "customer",
                                                       "target_id": CUSTOMER})
    assert set(refused.value.errors) == {"level"} and uow.events == []


@each_kind
def test_assigning_to_a_customer_or_group_pricing_does_not_know_is_a_field_error(uow, admin, kind):
    resource = existing(uow, kind)
    with pytest.raises(ValidationFailed) as refused:
        term_assignments.assign(uow, admin, kind, {kind.reference: resource.id, "level": "customer_group",
                                                   "target_id": uuid.uuid4()})
    assert refused.value.errors == {"target_id": ["No such customer group."]}


@each_kind
def test_a_customer_falling_back_to_its_parent_inherits_the_parents_before_the_groups(uow, admin, kind):
    for_group, for_parent = existing(uow, kind), existing(uow, kind)
    assigned(uow, kind, for_group, "customer_group", GROUP)
    if kind is TAX_CODE:
        uow.customers.tell(PARENT, tax_code=for_parent.code)
    else:
        assigned(uow, kind, for_parent, "customer", PARENT)
    assert terms.effective_for(uow, admin, kind, CUSTOMER)[1] == "customer_group"
    uow.given(PriceListFallback(id=uuid.uuid4(), level="customer", target_id=CUSTOMER, fallback="parent_customer"))
    assert terms.effective_for(uow, admin, kind, CUSTOMER) == (for_parent, "parent_customer")


@each_kind
def test_the_effective_one_of_a_foreign_unknown_or_deleted_customer_is_not_found(uow, rep, admin, kind):
    with pytest.raises(NotFound):
        terms.effective_for(uow, admin, kind, uuid.uuid4())
    uow.customers.tell(CUSTOMER, deleted=True)
    with pytest.raises(NotFound):
        terms.effective_for(uow, rep(PARENT, action="VIEW"), kind, CUSTOMER)
    with pytest.raises(NotFound):
        terms.effective_for(uow, rep(CUSTOMER, action="VIEW"), kind, CUSTOMER)
