"""HTTP representations of export jobs. The filters are the customers list's (GET /api/v1/customers),
checked here so that a bad one is a 422 at once; the owner checks them again."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import FastSchema
from marshmallow import Schema, fields, validate

from ..domain.templates import EXPORTABLE


class CustomerFiltersSchema(Schema):
    q = fields.String(validate=validate.Length(max=200))
    type = fields.String(validate=validate.OneOf(("business", "consumer")))
    group_id = fields.UUID()
    tag = fields.String(validate=validate.Length(max=64))
    parent_id = fields.UUID()
    has_parent = fields.Boolean()
    status = fields.String(validate=validate.OneOf(("active", "inactive")))
    ids = fields.List(fields.UUID(), validate=validate.Length(min=1, max=10_000),
                      metadata={"description": "Export exactly these (the list's selection)."})


class ExportRequestSchema(Schema):
    entity = fields.String(required=True, validate=validate.OneOf(EXPORTABLE))
    filters = fields.Nested(CustomerFiltersSchema, load_default=dict)


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
