"""Group, address book and note use cases against the fake unit of work."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from b2b_shared.auth.principal import SALES_REPRESENTATIVE
from b2b_shared.db.paging import Sort
from b2b_shared.errors import Conflict, Forbidden, NotFound, PreconditionFailed, ValidationFailed
from b2b_shared.testing import fakes
from b2b_shared.testing.fakes import FakeAccess
from customers.domain import events
from customers.domain.model import Customer
from customers.services import addresses, contacts, groups, notes, tasks

BERLIN = {"types": ["billing", "shipping"], "street": "Main St 1", "city": "Berlin", "country_code": "de"}


@pytest.fixture
def customer(uow):
    acme = Customer(id=uuid.uuid4(), name="Acme", parent_id=None)
    acme.lineage = [acme.id]
    return uow.given(acme)


def test_a_group_is_created_changed_and_deleted_with_its_events(uow):
    group = groups.create_group(uow, {"name": "Wholesale", "code": "WHOLESALE"})
    groups.update_group(uow, group.id, {"name": "Trade"}, 1)
    groups.delete_group(uow, group.id, 1)
    assert uow.event_types == [events.GROUP_CREATED, events.GROUP_UPDATED, events.GROUP_DELETED]
    assert uow.events[-1].snapshot["name"] == "Trade"
    with pytest.raises(NotFound):
        groups.read_group(uow, group.id)


def test_a_group_customers_belong_to_cannot_be_deleted(uow, customer):
    group = groups.create_group(uow, {"name": "Wholesale", "code": "WHOLESALE"})
    customer.group_id = group.id
    with pytest.raises(Conflict):
        groups.delete_group(uow, group.id, 1)


def test_a_group_is_changed_only_at_the_version_named(uow):
    group = groups.create_group(uow, {"name": "Wholesale", "code": "WHOLESALE"})
    with pytest.raises(PreconditionFailed):
        groups.update_group(uow, group.id, {"name": "Trade"}, 2)


def test_groups_are_listed_by_their_sort_key(uow):
    for name in ("b", "a", "c"):
        groups.create_group(uow, {"name": name, "code": name.upper()})
    items, _ = groups.list_groups(uow, None, Sort("name", None, descending=True), 10, None)
    assert [group.name for group in items] == ["c", "b", "a"]


def test_an_address_is_normalised_and_recorded(uow, customer):
    address = addresses.add_address(uow, customer.id, {**BERLIN, "types": ["shipping", "billing", "shipping"]})
    assert address.country_code == "DE" and address.types == ["billing", "shipping"]
    assert uow.event_types == [events.ADDRESS_CREATED]


def test_a_new_default_takes_the_flag_from_the_previous_one(uow, customer):
    first = addresses.add_address(uow, customer.id, {**BERLIN, "default_billing": True})
    second = addresses.add_address(uow, customer.id, {**BERLIN, "default_billing": True})
    assert second.default_billing and not first.default_billing
    assert uow.event_types == [events.ADDRESS_CREATED, events.ADDRESS_UPDATED, events.ADDRESS_CREATED]


def test_only_a_billing_address_can_be_the_default_billing_one(uow, customer):
    with pytest.raises(ValidationFailed):
        addresses.add_address(uow, customer.id, {**BERLIN, "types": ["shipping"], "default_billing": True})


def test_an_address_of_another_customer_is_not_found(uow, customer):
    address = addresses.add_address(uow, customer.id, BERLIN)
    with pytest.raises(NotFound):
        addresses.read_address(uow, uuid.uuid4(), address.id)


def test_an_address_is_changed_and_deleted_at_the_version_named(uow, customer):
    address = addresses.add_address(uow, customer.id, BERLIN)
    with pytest.raises(PreconditionFailed):
        addresses.update_address(uow, customer.id, address.id, {"city": "Hamburg"}, 3)
    addresses.update_address(uow, customer.id, address.id, {"city": "Hamburg"}, 1)
    addresses.delete_address(uow, customer.id, address.id, 1)
    assert uow.event_types == [events.ADDRESS_CREATED, events.ADDRESS_UPDATED, events.ADDRESS_DELETED]
    assert uow.events[-1].snapshot["city"] == "Hamburg"
    assert addresses.list_addresses(uow, customer.id) == []


def test_a_note_is_recorded_with_its_author_and_listed_newest_first(uow, customer, admin):
    first = notes.add_note(uow, admin, customer.id, {"text": "Prefers invoices by post."})
    second = notes.add_note(uow, admin, customer.id, {"text": "Moved offices."})
    assert notes.list_notes(uow, customer.id, 10, None) == ([second, first], None)
    assert first.author_id == admin.principal.user_id
    assert uow.event_types == [events.NOTE_CREATED, events.NOTE_CREATED]


def test_a_note_on_an_unknown_customer_is_not_found(uow, admin):
    with pytest.raises(NotFound):
        notes.add_note(uow, admin, uuid.uuid4(), {"text": "?"})


def test_a_note_is_changed_and_deleted_by_its_author_and_by_nobody_else_but_an_administrator(uow, customer, admin):
    author, colleague = FakeAccess(fakes.staff(SALES_REPRESENTATIVE)), FakeAccess(fakes.staff(SALES_REPRESENTATIVE))
    note = notes.add_note(uow, author, customer.id, {"text": "Call after the fair."})
    with pytest.raises(Forbidden):
        notes.update_note(uow, colleague, customer.id, note.id, {"text": "mine now"}, 1)
    with pytest.raises(Forbidden):
        notes.delete_note(uow, colleague, customer.id, note.id, 1)
    notes.update_note(uow, author, customer.id, note.id, {"text": "Call after the fair, in March."}, 1)
    notes.delete_note(uow, admin, customer.id, note.id, 1)
    assert uow.event_types == [events.NOTE_CREATED, events.NOTE_UPDATED, events.NOTE_DELETED]
    assert uow.events[-1].snapshot["text"] == "Call after the fair, in March."


def test_a_new_primary_contact_takes_the_flag_from_the_old_one(uow, customer):
    old = contacts.add_contact(uow, customer.id, {"last_name": "Doe", "is_primary": True})
    new = contacts.add_contact(uow, customer.id, {"last_name": "Roe", "is_primary": True, "phones": ["+49 30 1234567"]})
    assert (old.is_primary, new.is_primary) == (False, True)
    assert new.phones == ["+49301234567"]
    assert uow.event_types == [events.CONTACT_CREATED, events.CONTACT_UPDATED, events.CONTACT_CREATED]


def test_a_task_names_a_staff_user_who_exists(uow, customer, admin):
    assignee = uuid.uuid4()
    with pytest.raises(ValidationFailed) as refused:
        tasks.add_task(uow, admin, customer.id, {"title": "Call", "due_date": dt.date(2026, 1, 1), "assignee_id": assignee})
    assert str(assignee) in refused.value.errors["assignee_id"][0]
    uow.staff.known.add(assignee)
    task = tasks.add_task(uow, admin, customer.id, {"title": "Call", "due_date": dt.date(2000, 1, 1), "assignee_id": assignee})
    assert task.overdue and task.author_id == admin.principal.user_id
    tasks.update_task(uow, customer.id, task.id, {"status": "done"}, 1)
    assert not task.overdue
    assert uow.event_types == [events.TASK_CREATED, events.TASK_UPDATED]
