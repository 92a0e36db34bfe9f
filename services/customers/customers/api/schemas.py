"""HTTP representations. Events carry the resource exactly as a GET shows it, through their own
schemas (messaging/published.py); tests/unit/test_published.py checks the two agree."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import FastSchema, ResourceSchema
from marshmallow import ValidationError, fields, validate, validates_schema

from ..domain import values
from ..domain.contacts import MAX_EMAILS, MAX_PHONES
from ..domain.tasks import STATUSES as TASK_STATUSES
from ..services.addresses import normalised_address
from .query_lists import Repeated, RepeatedOrDelimited
from .value_fields import Normalised

# Documented caps on list fields: a list longer than these is a field error, never a slow write.
MAX_TAGS = 50
MAX_SALES_REPS = 20

CUSTOMER_TYPES = ("business", "consumer")
STATUSES = ("active", "inactive")
ADDRESS_TYPES = ("billing", "shipping")
SORTS = ("name", "-name", "created_at", "-created_at")
CUSTOMER_SORT_KEYS = ("name", "created_at", "updated_at", "external_id")  # the repository knows their columns
CUSTOMER_SORTS = tuple(prefix + key for key in CUSTOMER_SORT_KEYS for prefix in ("", "-"))
TAG_MATCHES = ("all", "any")


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
    phone = Normalised(values.phone_e164, allow_none=True, validate=validate.Length(min=1, max=32),
                       metadata={"description": "Stored in E.164."})
    tax_code = _text(100, allow_none=True)
    vat_id = Normalised(values.vat_id, allow_none=True, validate=validate.Length(min=1, max=32))
    first_name = _text(allow_none=True, metadata={"description": "Consumers only."})
    last_name = _text(allow_none=True, metadata={"description": "Consumers only."})
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
    tag = Repeated(fields.String(validate=validate.Length(max=64)), validate=validate.Length(max=MAX_TAGS),
                   metadata={"description": "`tag=a&tag=b`: customers carrying all of them (or any: tag_match)."})
    tag_match = fields.String(validate=validate.OneOf(TAG_MATCHES), load_default="all")
    parent_id = fields.UUID()
    has_parent = fields.Boolean()
    has_account = fields.Boolean(metadata={"description": "With (or without) at least one customer user."})
    sales_rep_id = fields.UUID(metadata={"description": "Customers this staff user represents."})
    status = fields.String(validate=validate.OneOf(STATUSES))


class CustomerListArgsSchema(CustomerFilterSchema, ListArgsSchema):
    sort = fields.String(validate=validate.OneOf(CUSTOMER_SORTS), load_default="name",
                         metadata={"description": "Names sort case- and accent-insensitively."})


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


class GroupExportArgsSchema(GroupListArgsSchema):
    """An export's filters: the list's, or ids. Load it with `exclude=PAGING`: an export is paged by id."""
    ids = RepeatedOrDelimited(fields.UUID(), validate=validate.Length(max=10_000),
                              metadata={"description": "`ids=a&ids=b` or `ids=a,b`."})


PAGING = ("limit", "cursor", "sort")


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

    @validates_schema(skip_on_field_errors=False)
    def _check_values(self, data, **kwargs):
        """Country, region and phone checked with every other field, so that one answer names every
        problem. Only with a country in the body: a change without one is checked against the stored
        country by the use case (services/addresses.py), which normalises them all."""
        if "country_code" not in data:
            return
        try:
            normalised_address(data)
        except ValidationFailed as failed:
            raise ValidationError(failed.errors) from None


class AddressPatchSchema(AddressSchema):
    default_billing = fields.Boolean()
    default_shipping = fields.Boolean()


class AddressListSchema(FastSchema):
    items = fields.List(fields.Nested(AddressSchema))


class NoteSchema(ResourceSchema):
    customer_id = fields.UUID(dump_only=True)
    author_id = fields.UUID(dump_only=True, metadata={"description": "Who wrote it: the token's subject."})
    author_name = _text(allow_none=True)
    text = fields.String(required=True, validate=validate.Length(min=1, max=20_000))


class NotePatchSchema(NoteSchema):
    """Every field optional: the route loads it with partial=True."""


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


class ContactSchema(ResourceSchema):
    customer_id = fields.UUID(dump_only=True)
    first_name = _text(allow_none=True)
    last_name = _text(required=True)
    job_title = _text(allow_none=True)
    emails = fields.List(fields.Email(validate=validate.Length(max=320)), load_default=list,
                         validate=validate.Length(max=MAX_EMAILS))
    phones = fields.List(Normalised(values.phone_e164, validate=validate.Length(min=1, max=32)), load_default=list,
                         validate=validate.Length(max=MAX_PHONES), metadata={"description": "Stored in E.164."})
    is_primary = fields.Boolean(load_default=False, metadata={"description": "At most one per customer: "
                                                              "making one primary takes the flag from the other."})


class ContactPatchSchema(ContactSchema):
    emails = fields.List(fields.Email(validate=validate.Length(max=320)), validate=validate.Length(max=MAX_EMAILS))
    phones = fields.List(Normalised(values.phone_e164, validate=validate.Length(min=1, max=32)),
                         validate=validate.Length(max=MAX_PHONES))
    is_primary = fields.Boolean()


class ContactListArgsSchema(FastSchema):
    q = fields.String(validate=validate.Length(min=1, max=200),
                      metadata={"description": "Part of a name or an email, or digits of a phone number."})


class ContactListSchema(FastSchema):
    items = fields.List(fields.Nested(ContactSchema))


class TaskSchema(ResourceSchema):
    customer_id = fields.UUID(dump_only=True)
    title = _text(required=True)
    description = fields.String(allow_none=True, validate=validate.Length(max=20_000))
    due_date = fields.Date(required=True)
    assignee_id = fields.UUID(allow_none=True, metadata={"description": "A staff user."})
    status = fields.String(validate=validate.OneOf(TASK_STATUSES), load_default="open")
    author_id = fields.UUID(dump_only=True, metadata={"description": "Who created it: the token's subject."})
    overdue = fields.Boolean(dump_only=True, metadata={"description": "Open after its due date (UTC)."})


class TaskPatchSchema(TaskSchema):
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))


class TaskFilterSchema(ListArgsSchema):
    status = fields.String(validate=validate.OneOf(TASK_STATUSES))
    overdue = fields.Boolean(metadata={"description": "Only the open tasks past their due date (or only the others)."})
    assignee_id = fields.UUID()


class TaskPageSchema(FastSchema):
    items = fields.List(fields.Nested(TaskSchema))
    next_cursor = fields.String(allow_none=True)
