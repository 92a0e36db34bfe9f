"""HTTP representations of price lists, prices, assignments, fallbacks and resolution.
Events have shapes of their own (messaging/published.py); tests/unit/test_published.py keeps
each event's data equal to what the read schema here shows."""
from __future__ import annotations

from decimal import Decimal

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import ResourceSchema, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..domain.assignments import FALLBACKS
from ..domain.levels import LEVELS, TARGET_LEVELS
from .fast_load import MAX_RESOLVE_ITEMS, FastRowsLoad, ResolveItems
from .fields import Currency, DecimalString, Partial, non_negative, text


class PriceListSchema(ResourceSchema):
    name = text(required=True)
    currencies = fields.List(Currency(), required=True, validate=validate.Length(min=1, max=50))
    active = fields.Boolean(load_default=True)
    active_from = fields.AwareDateTime(allow_none=True)
    active_to = fields.AwareDateTime(allow_none=True)

    @validates_schema
    def window_is_ordered(self, data, **kwargs):
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end <= start:
            raise ValidationError("Must be after active_from.", "active_to")


class PriceListPatchSchema(Partial, PriceListSchema):
    """Every field optional: a PATCH sends only what changes."""

    active = fields.Boolean()


class PriceListListArgsSchema(ListArgsSchema):
    q = fields.String(validate=validate.Length(max=200))
    active = fields.Boolean()


class PriceSchema(Schema):
    sku = text(100, required=True)
    unit = text(20, load_default="item")
    currency = Currency(required=True)
    quantity = non_negative(load_default=Decimal(1))  # the tier's minimum quantity
    value = non_negative(required=True)


class PriceRowsSchema(FastRowsLoad, PriceSchema):
    """The bulk upsert body: a list of PriceSchema, loaded by api/fast_load.py."""


class PriceKeySchema(Schema):
    """A bulk-delete key; a unit, currency or quantity left out matches any."""
    sku = text(100, required=True)
    unit = text(20, load_default=None)
    currency = Currency(load_default=None)
    quantity = non_negative(load_default=None)


class PriceListArgsSchema(ListArgsSchema):
    sku = fields.String(validate=validate.Length(max=100))


class BulkResultSchema(Schema):
    received = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    deleted = fields.Integer()


class AssignmentSchema(ResourceSchema):
    price_list_id = fields.UUID(required=True)
    level = fields.String(required=True, validate=validate.OneOf(LEVELS))
    target_id = fields.UUID(allow_none=True, load_default=None)
    priority = fields.Integer(load_default=0, validate=validate.Range(-1_000_000, 1_000_000))
    merge_allowed = fields.Boolean(load_default=True)

    @validates_schema
    def target_matches_level(self, data, **kwargs):
        if (data.get("level") == "default") != (data.get("target_id") is None):
            raise ValidationError("Null for the default level, the customer or group id otherwise.", "target_id")


class AssignmentPatchSchema(Schema):
    priority = fields.Integer(validate=validate.Range(-1_000_000, 1_000_000))
    merge_allowed = fields.Boolean()


class AssignmentListArgsSchema(ListArgsSchema):
    price_list_id = fields.UUID()
    level = fields.String(validate=validate.OneOf(LEVELS))
    target_id = fields.UUID()


class FallbackSchema(Schema):
    level = fields.String(dump_only=True, validate=validate.OneOf(TARGET_LEVELS))
    target_id = fields.UUID(dump_only=True)
    fallback = fields.String(required=True, validate=validate.OneOf(FALLBACKS))
    version = fields.Integer(dump_only=True)


class ResolveRequestSchema(Schema):
    customer_id = fields.UUID(required=True)
    currency = Currency(required=True)
    items = ResolveItems(required=True, metadata={
        "description": f"1 to {MAX_RESOLVE_ITEMS} of {{sku, unit (default item), quantity (decimal string, default 1)}}"})


class ResolvedItemSchema(Schema):
    sku = fields.String()
    unit = fields.String()
    quantity = DecimalString()
    price = DecimalString(allow_none=True)
    tier = DecimalString(allow_none=True)
    price_list_id = fields.UUID(allow_none=True)
    level = fields.String(allow_none=True)


class ResolveResponseSchema(Schema):
    customer_id = fields.UUID()
    currency = fields.String()
    items = fields.List(fields.Nested(ResolvedItemSchema))


PriceListPageSchema = page_schema(PriceListSchema)
PricePageSchema = page_schema(PriceSchema)
AssignmentPageSchema = page_schema(AssignmentSchema)
