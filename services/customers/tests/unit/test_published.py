"""The published event data (messaging/published.py) is the resource exactly as a GET shows it
(api/schemas.py), byte for byte, though the two are declared apart."""
from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from customers.api.schemas import AddressSchema, ContactSchema, CustomerSchema, GroupSchema, NoteSchema, TaskSchema
from customers.domain.contacts import Contact
from customers.domain.model import Address, Customer, CustomerGroup, Note
from customers.domain.tasks import Task
from customers.messaging import published

NOW = dt.datetime(2026, 11, 23, 3, 39, 2, 123456, tzinfo=dt.timezone.utc)


def _stamped(resource, **extra):
    for name, value in {"version": 3, "created_at": NOW, "updated_at": NOW + dt.timedelta(seconds=1), **extra}.items():
        setattr(resource, name, value)
    return resource


def full_customer():
    return _stamped(Customer(id=uuid.uuid4(), name="Acme GmbH", type="business", status="active", external_id="C-1",
                             parent_id=uuid.uuid4(), group_id=uuid.uuid4(), email="buyer@acme.example",
                             phone="+49301234567", tax_code="12/345/67890", vat_id="DE136695976",
                             first_name=None, last_name=None,
                             sales_rep_ids=[uuid.uuid4(), uuid.uuid4()], tags=["gold", "vip"]))


def sparse_customer():
    return _stamped(Customer(id=uuid.uuid4(), name="Jane Doe", type="consumer", status="inactive", external_id=None,
                             parent_id=None, group_id=None, email=None, phone=None, tax_code=None, vat_id=None,
                             first_name="Jane", last_name="Doe", sales_rep_ids=[], tags=[]))


def group():
    return _stamped(CustomerGroup(id=uuid.uuid4(), name="Wholesale", code="WHOLESALE"))


def address():
    return _stamped(Address(id=uuid.uuid4(), customer_id=uuid.uuid4(), types=["billing", "shipping"],
                            default_billing=True, default_shipping=False, label="HQ", first_name="Jane",
                            last_name="Doe", organization=None, street="Main St 1", street2=None, city="Berlin",
                            region_code="DE-BE", postal_code="10115", country_code="DE", phone=None))


def note():
    return _stamped(Note(id=uuid.uuid4(), customer_id=uuid.uuid4(), author_id=uuid.uuid4(), author_name="Sam",
                         text="Prefers invoices by post."))


def contact():
    return _stamped(Contact(id=uuid.uuid4(), customer_id=uuid.uuid4(), first_name="Jane", last_name="Doe",
                            job_title=None, emails=["jane@acme.example"], phones=["+49301234567"], is_primary=True))


def task():
    return _stamped(Task(id=uuid.uuid4(), customer_id=uuid.uuid4(), title="Call back", description=None,
                         due_date=dt.date(2000, 1, 1), assignee_id=uuid.uuid4(), status="open", author_id=None))


CASES = [(full_customer, CustomerSchema, published.customer_data), (sparse_customer, CustomerSchema, published.customer_data),
         (group, GroupSchema, published.group_data), (address, AddressSchema, published.address_data),
         (note, NoteSchema, published.note_data), (contact, ContactSchema, published.contact_data)]


@pytest.mark.parametrize("make, http_schema, event_data", CASES, ids=lambda case: getattr(case, "__name__", ""))
def test_event_data_is_the_resource_as_a_get_shows_it_byte_for_byte(make, http_schema, event_data):
    resource = make()
    assert json.dumps(event_data(resource)) == json.dumps(http_schema().dump(resource))


def test_task_event_data_is_the_task_as_a_get_shows_it_without_the_calendars_overdue_flag():
    resource = task()
    shown = TaskSchema().dump(resource)
    assert shown.pop("overdue") is True
    assert json.dumps(published.task_data(resource)) == json.dumps(shown)


def test_every_published_aggregate_has_a_serializer():
    assert set(published.SERIALIZERS) == {Customer, CustomerGroup, Address, Note, Contact, Task}



def test_a_move_adds_the_previous_parent_to_the_customer_as_it_now_is():
    customer = full_customer()
    before, target = customer.parent_id, uuid.uuid4()
    customer.lineage = []
    customer.move_to(target, [target])
    [event] = customer.pop_events()
    assert event.type == "customer.moved"
    data = {**published.customer_data(customer), **event.payload}
    assert data == {**CustomerSchema().dump(customer), "previous_parent_id": str(before)}
    assert list(data)[-1] == "previous_parent_id"
