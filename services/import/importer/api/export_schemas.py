"""HTTP representations of export jobs. An export takes the filters of its entity's list (or ids),
checked here so that a bad one is a 422 at once, field by field; the owner checks them again with
the list's own query schema:

- customers, customer_addresses: GET /api/v1/customers (addresses: those of the customers selected);
- customer_groups: GET /api/v1/customer-groups;
- customer_users: GET /api/v1/customer-users (only the users the caller reaches);
- prices: GET /api/v1/price-lists/{id}/prices, the list as `price_list_id` (every list's when left out);
- price_list_assignments: GET /api/v1/price-list-assignments."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import FastSchema
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..domain.templates import EXPORTABLE


def _ids(what: str) -> fields.List:
    return fields.List(fields.UUID(), validate=validate.Length(min=1, max=10_000),
                       metadata={"description": f"Export exactly these {what} (the list's selection)."})


class CustomerFiltersSchema(Schema):
    q = fields.String(validate=validate.Length(max=200))
    type = fields.String(validate=validate.OneOf(("business", "consumer")))
    group_id = fields.UUID()
    tag = fields.String(validate=validate.Length(max=64))
    parent_id = fields.UUID()
    has_parent = fields.Boolean()
    status = fields.String(validate=validate.OneOf(("active", "inactive")))
    ids = _ids("customers")


class GroupFiltersSchema(Schema):
    q = fields.String(validate=validate.Length(max=200))
    ids = _ids("groups")


class CustomerUserFiltersSchema(Schema):
    customer_id = fields.UUID()
    q = fields.String(validate=validate.Length(min=1, max=200))
    ids = _ids("users")


class PriceFiltersSchema(Schema):
    price_list_id = fields.UUID(metadata={"description": "The price list; every list's prices when left out."})
    sku = fields.String(validate=validate.Length(max=100))


class AssignmentFiltersSchema(Schema):
    price_list_id = fields.UUID()
    level = fields.String(validate=validate.OneOf(("customer", "customer_group", "default")))
    target_id = fields.UUID()
    ids = _ids("assignments")


FILTERS = {"customers": CustomerFiltersSchema, "customer_addresses": CustomerFiltersSchema,
           "customer_groups": GroupFiltersSchema, "customer_users": CustomerUserFiltersSchema,
           "prices": PriceFiltersSchema, "price_list_assignments": AssignmentFiltersSchema}
assert set(FILTERS) == set(EXPORTABLE)


class ExportRequestSchema(Schema):
    entity = fields.String(required=True, validate=validate.OneOf(EXPORTABLE))
    filters = fields.Dict(load_default=dict, metadata={
        "description": "The entity's list filters, or ids: customers and customer_addresses: q, type, group_id, "
                       "tag, parent_id, has_parent, status, ids; customer_groups: q, ids; customer_users: "
                       "customer_id, q, ids; prices: price_list_id, sku; price_list_assignments: price_list_id, "
                       "level, target_id, ids."})

    @validates_schema
    def filters_are_the_lists(self, data, **kwargs):
        if data.get("entity") in FILTERS:
            errors = FILTERS[data["entity"]]().validate(data.get("filters") or {})
            if errors:
                raise ValidationError(errors, "filters")

    @post_load
    def filters_as_the_owner_reads_them(self, data, **kwargs):
        """Loaded and dumped again: JSON the owner's list schema reads (UUIDs as strings)."""
        schema = FILTERS[data["entity"]]()
        return {**data, "filters": schema.dump(schema.load(data["filters"]))}


class ExportJobSchema(FastSchema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    user_id = fields.UUID(dump_only=True)
    entity = fields.String(dump_only=True)
    filters = fields.Dict(dump_only=True)
    status = fields.String(dump_only=True, metadata={"description": "exporting, completed, failed or cancelled"})
    rows = fields.Integer(dump_only=True, metadata={"description": "Rows written so far."})
    pages = fields.Integer(dump_only=True)
    detail = fields.String(dump_only=True, allow_none=True)
    file_name = fields.String(dump_only=True)
    finished_at = fields.DateTime(dump_only=True, allow_none=True)


class ExportJobPageSchema(FastSchema):
    items = fields.List(fields.Nested(ExportJobSchema))
    next_cursor = fields.String(allow_none=True)


class ExportJobListArgsSchema(ListArgsSchema):
    sort = fields.String(validate=validate.OneOf(("created_at", "-created_at")), load_default="-created_at")
