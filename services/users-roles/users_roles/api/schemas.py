"""HTTP representations. Passwords are load-only: no response ever carries one, nor its hash.
Events have schemas of their own (messaging/published.py); tests/unit/test_published.py holds
each event's data equal to the read schema here."""
from __future__ import annotations

from b2b_shared.auth.principal import STAFF_ROLES
from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import ResourceSchema
from marshmallow import Schema, fields, validate

from ..domain.permissions import ACTIONS, LEVELS, RESOURCES

SORTS = ("email", "-email", "created_at", "-created_at")
# Documented caps on list fields: longer lists are field errors. A role can name every
# resource x action once (8 x 5), with room for more resources.
MAX_ROLES = 20
MAX_PERMISSIONS = 200


def _text(max_length: int = 255, **kwargs):
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


def _password(**kwargs):
    return fields.String(load_only=True, validate=validate.Length(max=1024), **kwargs)


class PersonSchema(ResourceSchema):
    email = _text(320, required=True)
    password = _password(required=True)
    first_name = _text(required=True)
    last_name = _text(required=True)
    phone = _text(32, allow_none=True)
    enabled = fields.Boolean(load_default=True)
    last_login_at = fields.DateTime(dump_only=True, allow_none=True)


class CustomerUserSchema(PersonSchema):
    customer_id = fields.UUID(required=True)
    role_ids = fields.List(fields.UUID(), load_default=None, validate=validate.Length(max=MAX_ROLES))
    disabled_with_customer = fields.DateTime(
        dump_only=True, allow_none=True,
        metadata={"description": "When the deactivation of its customer disabled the user (null otherwise): the "
                                 "customer's reactivation re-enables it. Enabling or disabling it by hand clears it."})


class CustomerUserPatchSchema(Schema):
    email = _text(320)
    first_name = _text()
    last_name = _text()
    phone = _text(32, allow_none=True)
    enabled = fields.Boolean()
    role_ids = fields.List(fields.UUID(), validate=validate.Length(max=MAX_ROLES))


class StaffUserSchema(PersonSchema):
    staff_roles = fields.List(fields.String(validate=validate.OneOf(STAFF_ROLES)), load_default=list)


class StaffUserPatchSchema(Schema):
    email = _text(320)
    first_name = _text()
    last_name = _text()
    phone = _text(32, allow_none=True)
    enabled = fields.Boolean()
    staff_roles = fields.List(fields.String(validate=validate.OneOf(STAFF_ROLES)))


class UserListArgsSchema(ListArgsSchema):
    customer_id = fields.UUID()
    sort = fields.String(validate=validate.OneOf(SORTS), load_default="email")


class CustomerUserListArgsSchema(UserListArgsSchema):
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata={"description": "Part of the email, first or last name, in any case."})


class CustomerUserExportArgsSchema(CustomerUserListArgsSchema):
    """An export's filters (the import service's export jobs): the list's, or ids. Load it with
    `exclude=PAGING`: an export is paged by id."""
    ids = fields.List(fields.UUID(), validate=validate.Length(min=1, max=10_000))


PAGING = ("limit", "cursor", "sort")


class PermissionSchema(Schema):
    resource = fields.String(required=True, validate=validate.OneOf(RESOURCES))
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    access_level = fields.String(required=True, validate=validate.OneOf(LEVELS))


class RoleSchema(ResourceSchema):
    name = fields.String(validate=validate.Regexp(r"^[A-Z][A-Z0-9_]{0,99}$", error="UPPER_SNAKE_CASE, 1 to 100."))
    label = _text(required=True)
    customer_id = fields.UUID(allow_none=True, load_default=None)
    self_managed = fields.Boolean(load_default=False)
    permissions = fields.List(fields.Nested(PermissionSchema), load_default=list,
                              validate=validate.Length(max=MAX_PERMISSIONS))


class RolePatchSchema(Schema):
    label = _text()
    self_managed = fields.Boolean()
    permissions = fields.List(fields.Nested(PermissionSchema), validate=validate.Length(max=MAX_PERMISSIONS))


class RoleListArgsSchema(ListArgsSchema):
    customer_id = fields.UUID()
    include_global = fields.Boolean(load_default=True)
    sort = fields.String(validate=validate.OneOf(("name", "-name", "created_at", "-created_at")), load_default="name")

