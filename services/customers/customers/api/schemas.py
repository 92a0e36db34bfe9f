"""HTTP representations. Events carry the resource exactly as a GET shows it, through their own
schemas (messaging/published.py); tests/unit/test_published.py checks the two agree."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import FastSchema, ResourceSchema
from marshmallow import fields, validate

from .query_lists import RepeatedOrDelimited

# Documented caps on list fields: a list longer than these is a field error, never a slow write.
MAX_TAGS = 50
MAX_SALES_REPS = 20

CUSTOMER_TYPES = ("business", "consumer")
STATUSES = ("active", "inactive")
ADDRESS_TYPES = ("billing", "shipping")
SORTS = ("name", "-name", "created_at", "-created_at")


def _text(max_length: int = 255, **kwargs):
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)




class CustomerSchema(ResourceSchema):
    name = _text(required=True)
    type = fields.String(validate=validate.OneOf(CUSTOMER_TYPES), load_default="business")
    status = fields.String(validate=validate.OneOf(STATUSES), load_default="active")
    external_id = _text(allow_none=True)
    parent_id = fields.UUID(allow_none=True)
    group_id = fields.UUID(allow_none=True)
    email = fields.Email(allow_none=True, validate=validate.Length(max=320))
    phone = _text(32, allow_none=True)
    tax_code = _text(100, allow_none=True)
    vat_id = _text(32, allow_none=True)
    sales_rep_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=MAX_SALES_REPS),
                                metadata={"description": f"At most {MAX_SALES_REPS}."})
    tags = fields.List(fields.String(validate=validate.Length(max=64)), load_default=list,
                       validate=validate.Length(max=MAX_TAGS), metadata={"description": f"At most {MAX_TAGS}."})


class CustomerPatchSchema(CustomerSchema):
    type = fields.String(validate=validate.OneOf(CUSTOMER_TYPES))
    status = fields.String(validate=validate.OneOf(STATUSES))
    sales_rep_ids = fields.List(fields.UUID(), validate=validate.Length(max=MAX_SALES_REPS))
    tags = fields.List(fields.String(validate=validate.Length(max=64)), validate=validate.Length(max=MAX_TAGS))


class CustomerFilterSchema(FastSchema):
    q = fields.String(validate=validate.Length(max=200))
    type = fields.String(validate=validate.OneOf(CUSTOMER_TYPES))
    group_id = fields.UUID()
    tag = fields.String(validate=validate.Length(max=64))
    parent_id = fields.UUID()
    has_parent = fields.Boolean()
    status = fields.String(validate=validate.OneOf(STATUSES))


class CustomerListArgsSchema(CustomerFilterSchema, ListArgsSchema):
    sort = fields.String(validate=validate.OneOf(SORTS), load_default="name")


class CustomerExportArgsSchema(CustomerFilterSchema):
    ids = RepeatedOrDelimited(fields.UUID(), validate=validate.Length(max=10_000),
                              metadata={"description": "`ids=a&ids=b` or `ids=a,b`."})


class CustomerPageSchema(FastSchema):
    items = fields.List(fields.Nested(CustomerSchema))
    next_cursor = fields.String(allow_none=True)


class RelativeSchema(CustomerSchema):
    depth = fields.Integer(dump_only=True)


class RelativePageSchema(FastSchema):
    items = fields.List(fields.Nested(RelativeSchema))
    next_cursor = fields.String(allow_none=True)


class RelativeListSchema(FastSchema):
    items = fields.List(fields.Nested(RelativeSchema))


class MoveSchema(FastSchema):
    parent_id = fields.UUID(required=True, allow_none=True)


class GroupSchema(ResourceSchema):
    name = _text(required=True)
    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.-]{1,100}$",
                                                                error="1 to 100 letters, digits, _ . and - only."))


class GroupPatchSchema(GroupSchema):
    """Every field optional: the route loads it with partial=True."""

class GroupPageSchema(FastSchema):
    items = fields.List(fields.Nested(GroupSchema))
    next_cursor = fields.String(allow_none=True)


class GroupListArgsSchema(ListArgsSchema):
    q = fields.String(validate=validate.Length(max=200))
    sort = fields.String(validate=validate.OneOf(SORTS), load_default="name")


class AddressSchema(ResourceSchema):
    customer_id = fields.UUID(dump_only=True)
    types = fields.List(fields.String(validate=validate.OneOf(ADDRESS_TYPES)), required=True,
                        validate=validate.Length(min=1, max=2))
    default_billing = fields.Boolean(load_default=False)
    default_shipping = fields.Boolean(load_default=False)
    label = _text(allow_none=True)
    first_name = _text(allow_none=True)
    last_name = _text(allow_none=True)
    organization = _text(allow_none=True)
    street = _text(required=True)
    street2 = _text(allow_none=True)
    city = _text(required=True)
    region_code = _text(10, allow_none=True)
    postal_code = _text(32, allow_none=True)
    country_code = fields.String(required=True, validate=validate.Length(equal=2))
    phone = _text(32, allow_none=True)


class AddressPatchSchema(AddressSchema):
    default_billing = fields.Boolean()
    default_shipping = fields.Boolean()


class AddressListSchema(FastSchema):
    items = fields.List(fields.Nested(AddressSchema))


class NoteSchema(FastSchema):
    id = fields.UUID(dump_only=True)
    customer_id = fields.UUID(dump_only=True)
    author_id = fields.UUID(allow_none=True)
    author_name = _text(allow_none=True)
    text = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    created_at = fields.DateTime(dump_only=True)


class NotePageSchema(FastSchema):
    items = fields.List(fields.Nested(NoteSchema))
    next_cursor = fields.String(allow_none=True)


class TagSchema(FastSchema):
    name = fields.String()
    customer_count = fields.Integer()


class TagListArgsSchema(FastSchema):
    prefix = fields.String(validate=validate.Length(max=64))
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 500))


class TagListSchema(FastSchema):
    items = fields.List(fields.Nested(TagSchema))
