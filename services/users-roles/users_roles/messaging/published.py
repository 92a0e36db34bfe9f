"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`
(tests/unit/test_published.py holds the two together); `*.deleted` carries the last state with
`"deleted": true` and version + 1. Never a password, nor its hash. User events add
`tokens_valid_after`: every service refuses access tokens issued before it
(b2b_shared.auth.principal_events reads it into the principal read model). These schemas are the
contract's own, apart from the HTTP ones: a change to a response must not silently change an event.
"""
from __future__ import annotations

from b2b_shared.messaging.envelope import rfc3339
from b2b_shared.messaging.export_pages import READY
from b2b_shared.messaging.import_batches import APPLIED
from marshmallow import Schema, fields

from ..domain import events
from ..domain.model import CustomerUser, Role, StaffUser, User

# `b2b-service republish users-roles`: the current state, for rebuilding read models.
CUSTOMER_USER_SNAPSHOT = "customer_user.snapshot"
STAFF_USER_SNAPSHOT = "staff_user.snapshot"
ROLE_SNAPSHOT = "role.snapshot"

EVENT_TYPES = (
    events.CUSTOMER_USER_CREATED, events.CUSTOMER_USER_UPDATED, events.CUSTOMER_USER_DISABLED,
    events.CUSTOMER_USER_DELETED,
    events.STAFF_USER_CREATED, events.STAFF_USER_UPDATED, events.STAFF_USER_DISABLED, events.STAFF_USER_DELETED,
    events.ROLE_CREATED, events.ROLE_UPDATED, events.ROLE_DELETED,
    CUSTOMER_USER_SNAPSHOT, STAFF_USER_SNAPSHOT, ROLE_SNAPSHOT,
    APPLIED,  # the answer to an import batch (messaging/import_rows.py)
    READY,  # a page of an export job (messaging/export_pages.py)
)


class _Resource(Schema):
    id = fields.UUID()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class _Person(_Resource):
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    phone = fields.String()
    enabled = fields.Boolean()
    last_login_at = fields.DateTime()


class CustomerUserData(_Person):
    customer_id = fields.UUID()
    role_ids = fields.List(fields.UUID())
    disabled_with_customer = fields.DateTime()


class StaffUserData(_Person):
    staff_roles = fields.List(fields.String())


class PermissionData(Schema):
    # Declared order, not the stored one: JSONB keeps keys in its own order.
    resource = fields.String()
    action = fields.String()
    access_level = fields.String()


class RoleData(_Resource):
    name = fields.String()
    label = fields.String()
    customer_id = fields.UUID()
    self_managed = fields.Boolean()
    permissions = fields.List(fields.Nested(PermissionData))


def _with_token_cut_off(schema: Schema):
    """The user as its schema shows it, then `tokens_valid_after` (RFC 3339, or null)."""
    def serialize(user: User) -> dict:
        cut_off = user.tokens_valid_after
        return {**schema.dump(user), "tokens_valid_after": rfc3339(cut_off) if cut_off else None}
    return serialize


customer_user_data = _with_token_cut_off(CustomerUserData())
staff_user_data = _with_token_cut_off(StaffUserData())
role_data = RoleData().dump

SERIALIZERS = {
    CustomerUser: customer_user_data,
    StaffUser: staff_user_data,
    Role: role_data,
}
