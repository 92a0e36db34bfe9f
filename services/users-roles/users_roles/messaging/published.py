"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`;
`*.deleted` carries the last state with `"deleted": true` and version + 1. Never a password.
User events add `tokens_valid_after`: every service refuses access tokens issued before it
(b2b_shared.auth.principal_events reads it into the principal read model).
"""
from __future__ import annotations

from b2b_shared.messaging.envelope import rfc3339

from ..api.schemas import CustomerUserSchema, RoleSchema, StaffUserSchema
from ..domain.model import CustomerUser, Role, StaffUser

EVENT_TYPES = (
    "customer_user.created", "customer_user.updated", "customer_user.disabled", "customer_user.deleted",
    "staff_user.created", "staff_user.updated", "staff_user.disabled", "staff_user.deleted",
    "role.created", "role.updated", "role.deleted",
    # `b2b-service republish users-roles`: the current state, for rebuilding read models.
    "customer_user.snapshot", "staff_user.snapshot", "role.snapshot",
)


def _user_serializer(schema):
    def serialize(user) -> dict:
        cut_off = user.tokens_valid_after
        return {**schema.dump(user), "tokens_valid_after": rfc3339(cut_off) if cut_off else None}
    return serialize


SERIALIZERS = {
    CustomerUser: _user_serializer(CustomerUserSchema()),
    StaffUser: _user_serializer(StaffUserSchema()),
    Role: RoleSchema().dump,
}
