"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`.
`customer.moved` adds `previous_parent_id`.
"""
from __future__ import annotations

from ..api.schemas import AddressSchema, CustomerSchema, GroupSchema, NoteSchema
from ..domain.model import Address, Customer, CustomerGroup, Note

EVENT_TYPES = (
    "customer.created", "customer.updated", "customer.moved", "customer.deleted",
    "customer.snapshot",  # `b2b-service republish customers`: the current state, for rebuilding read models
    "customer_group.created", "customer_group.updated", "customer_group.deleted",
    "customer_address.created", "customer_address.updated", "customer_address.deleted",
    "customer_note.created",
)


def customer_data(customer: Customer) -> dict:
    data = CustomerSchema().dump(customer)
    if hasattr(customer, "previous_parent_id"):
        data["previous_parent_id"] = str(customer.previous_parent_id) if customer.previous_parent_id else None
    return data


SERIALIZERS = {
    Customer: customer_data,
    CustomerGroup: GroupSchema().dump,
    Address: AddressSchema().dump,
    Note: NoteSchema().dump,
}
