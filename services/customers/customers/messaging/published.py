"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`
(tests/unit/test_published.py holds the two together); `customer.moved` adds
`previous_parent_id` (its payload, domain/model.py). These schemas are the contract's own, apart
from the HTTP ones: a change to a response must not silently change an event.
"""
from __future__ import annotations

from b2b_shared.http.schemas import FastSchema
from b2b_shared.messaging.export_pages import READY
from b2b_shared.messaging.import_batches import APPLIED
from marshmallow import fields

from ..domain import events
from ..domain.contacts import Contact
from ..domain.model import Address, Customer, CustomerGroup, Note
from ..domain.tasks import Task

# `b2b-service republish customers`: the current state, for rebuilding read models (service.py republishes).
CUSTOMER_SNAPSHOT = "customer.snapshot"
GROUP_SNAPSHOT = "customer_group.snapshot"

EVENT_TYPES = (
    events.CUSTOMER_CREATED, events.CUSTOMER_UPDATED, events.CUSTOMER_MOVED, events.CUSTOMER_DELETED,
    CUSTOMER_SNAPSHOT,
    events.GROUP_CREATED, events.GROUP_UPDATED, events.GROUP_DELETED, GROUP_SNAPSHOT,
    events.ADDRESS_CREATED, events.ADDRESS_UPDATED, events.ADDRESS_DELETED,
    events.NOTE_CREATED, events.NOTE_UPDATED, events.NOTE_DELETED,
    events.CONTACT_CREATED, events.CONTACT_UPDATED, events.CONTACT_DELETED,
    events.TASK_CREATED, events.TASK_UPDATED, events.TASK_DELETED,
    APPLIED,  # the answer to an import batch (messaging/import_rows.py)
    READY,  # a page of an export job (messaging/export_pages.py)
)


class _Resource(FastSchema):  # an import writes one event a row: the plain fields without marshmallow's per-field calls
    id = fields.UUID()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class CustomerData(_Resource):
    name = fields.String()
    type = fields.String()
    status = fields.String()
    external_id = fields.String()
    parent_id = fields.UUID()
    group_id = fields.UUID()
    email = fields.String()
    phone = fields.String()
    tax_code = fields.String()
    vat_id = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    sales_rep_ids = fields.List(fields.UUID())
    tags = fields.List(fields.String())


class GroupData(_Resource):
    name = fields.String()
    code = fields.String()


class AddressData(_Resource):
    customer_id = fields.UUID()
    types = fields.List(fields.String())
    default_billing = fields.Boolean()
    default_shipping = fields.Boolean()
    label = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    organization = fields.String()
    street = fields.String()
    street2 = fields.String()
    city = fields.String()
    region_code = fields.String()
    postal_code = fields.String()
    country_code = fields.String()
    phone = fields.String()


class NoteData(_Resource):
    customer_id = fields.UUID()
    author_id = fields.UUID()
    author_name = fields.String()
    text = fields.String()


class ContactData(_Resource):
    customer_id = fields.UUID()
    first_name = fields.String()
    last_name = fields.String()
    job_title = fields.String()
    emails = fields.List(fields.String())
    phones = fields.List(fields.String())
    is_primary = fields.Boolean()


class TaskData(_Resource):
    """The task without `overdue`: that changes with the calendar, not with an event."""

    customer_id = fields.UUID()
    title = fields.String()
    description = fields.String()
    due_date = fields.Date()
    assignee_id = fields.UUID()
    status = fields.String()
    author_id = fields.UUID()


customer_data = CustomerData().dump
group_data = GroupData().dump
address_data = AddressData().dump
note_data = NoteData().dump
contact_data = ContactData().dump
task_data = TaskData().dump

SERIALIZERS = {
    Customer: customer_data,
    CustomerGroup: group_data,
    Address: address_data,
    Note: note_data,
    Contact: contact_data,
    Task: task_data,
}
