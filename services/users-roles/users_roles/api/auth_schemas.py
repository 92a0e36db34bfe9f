"""Bodies of /auth and /authz."""
from __future__ import annotations

from b2b_shared.http.schemas import FastSchema
from marshmallow import Schema, fields, validate

from ..domain.permissions import ACTIONS, LEVELS, RESOURCES
from .schemas import _password


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(min=1, max=320))
    password = _password(required=True)


class TokenSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    refresh_token = fields.String()


class RefreshRequestSchema(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(max=200))


class PasswordChangeSchema(Schema):
    old_password = _password(required=True)
    new_password = _password(required=True)


class PasswordSetSchema(Schema):
    password = _password(required=True)


class AuthzCheckSchema(Schema):
    user_id = fields.UUID(required=True)
    resource = fields.String(required=True, validate=validate.OneOf(RESOURCES))
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    owner_customer_id = fields.UUID(allow_none=True, load_default=None)
    owner_user_id = fields.UUID(allow_none=True, load_default=None)


class AuthzArgsSchema(Schema):
    explain = fields.Boolean(load_default=False)


class AuthzResultSchema(FastSchema):
    allowed = fields.Boolean()
    access_level = fields.String()
    explanation = fields.Dict()


class EffectivePermissionSchema(FastSchema):
    resource = fields.String(validate=validate.OneOf(RESOURCES))
    action = fields.String(validate=validate.OneOf(ACTIONS))
    access_level = fields.String(validate=validate.OneOf(LEVELS))
    granted_by = fields.String(allow_none=True)


class EffectivePermissionsSchema(FastSchema):
    user_id = fields.UUID()
    items = fields.List(fields.Nested(EffectivePermissionSchema))


class LevelSchema(FastSchema):
    resource = fields.String()
    action = fields.String()
    access_level = fields.String()


class MeSchema(FastSchema):
    kind = fields.String(metadata={"description": "customer_user, staff or service"})
    id = fields.String()
    email = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    customer_id = fields.UUID(allow_none=True)
    roles = fields.List(fields.String())
    staff_roles = fields.List(fields.String())
    scopes = fields.List(fields.String())
    permissions = fields.List(fields.Nested(LevelSchema))
