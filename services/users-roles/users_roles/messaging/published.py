"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`;
`*.deleted` carries the last state with `"deleted": true` and version + 1. Never a password.
"""
from __future__ import annotations

from ..api.schemas import CustomerUserSchema, RoleSchema
from ..domain.model import CustomerUser, Role

EVENT_TYPES = (
    "customer_user.created", "customer_user.updated", "customer_user.disabled", "customer_user.deleted",
    "role.created", "role.updated", "role.deleted",
)

SERIALIZERS = {
    CustomerUser: CustomerUserSchema().dump,
    Role: RoleSchema().dump,
}
