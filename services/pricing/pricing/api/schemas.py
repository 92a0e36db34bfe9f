"""HTTP representations of price lists, prices, assignments, fallbacks and resolution.
Events have shapes of their own (messaging/published.py); tests/unit/test_published.py keeps
each event's data equal to what the read schema here shows."""
from __future__ import annotations

from decimal import Decimal

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import ResourceSchema, page_schema
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..domain.anchors import CUSTOMER_FALLBACKS
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


class PriceExportArgsSchema(PriceListArgsSchema):
    """An export's filters (the import service's export jobs): the prices list's, whose list is its
    path there; every list's prices when none is named. Load it with `exclude=PAGING`."""
    price_list_id = fields.UUID()


PAGING = ("limit", "cursor")  # an export is paged by key


class BulkResultSchema(Schema):
    received = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    deleted = fields.Integer()


OUTCOMES = ("the list's outcome for the sku: contributed; or passed over: inactive, outside_window (active_from/"
            "active_to), fallback_stop (a this_level_only fallback ended the chain before it), already_in_chain; "
            "or contributed nothing: no_prices, blocked_by_merge_stop (an earlier list without merging gave the "
            "sku its prices), sku_already_priced (it does not merge and the sku has prices), tier_already_present "
            "(merge_by_priority), not_the_minimum (minimal_prices)")


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


class AssignmentExportArgsSchema(AssignmentListArgsSchema):
    """An export's filters: the list's, or ids. Load it with `exclude=PAGING`."""
    ids = fields.List(fields.UUID(), validate=validate.Length(min=1, max=10_000))


class FallbackSchema(Schema):
    level = fields.String(dump_only=True, validate=validate.OneOf(TARGET_LEVELS))
    target_id = fields.UUID(dump_only=True)
    fallback = fields.String(required=True, validate=validate.OneOf(CUSTOMER_FALLBACKS), metadata={
        "description": "next (a customer: its group, then the default lists; a group: the default lists; "
                       "what none set means), this_level_only, or, for a customer only, parent_customer "
                       "(its parent's lists next, then on as the parent's own fallback says)"})
    version = fields.Integer(dump_only=True)


class ResolveRequestSchema(Schema):
    customer_id = fields.UUID(required=True)
    currency = Currency(required=True)
    items = ResolveItems(required=True, metadata={
        "description": f"1 to {MAX_RESOLVE_ITEMS} of {{sku, unit (default item), quantity (decimal string, default 1)}}"})


class ResolveArgsSchema(Schema):
    explain = fields.Boolean(load_default=False, metadata={
        "description": "true: each item also says how its price came about (`explanation`)"})


class ExplainedPriceSchema(Schema):
    quantity = DecimalString(metadata={"description": "the tier's minimum quantity"})
    value = DecimalString()
    outcome = fields.String(metadata={"description": "contributed, tier_already_present, not_the_minimum, "
                                                     "blocked_by_merge_stop, sku_already_priced, or why the list "
                                                     "was passed over"})


class ExplainedListSchema(Schema):
    price_list_id = fields.UUID()
    level = fields.String(metadata={"description": "customer, parent_customer, customer_group or default"})
    priority = fields.Integer()
    merge_allowed = fields.Boolean()
    outcome = fields.String(metadata={"description": OUTCOMES})
    prices = fields.List(fields.Nested(ExplainedPriceSchema),
                         metadata={"description": "the list's prices of the sku in the item's unit and currency"})


class CombinedTierSchema(Schema):
    quantity = DecimalString()
    value = DecimalString()
    price_list_id = fields.UUID()
    level = fields.String()


class ExplanationSchema(Schema):
    strategy = fields.String(metadata={"description": "merge_by_priority or minimal_prices (PRICING_STRATEGY)"})
    chain = fields.List(fields.Nested(ExplainedListSchema), metadata={"description": "every list considered, in order"})
    combined = fields.List(fields.Nested(CombinedTierSchema), metadata={
        "description": "the combined tiers of the item's unit and currency, by quantity; the price is the one "
                       "with the largest quantity not above the item's"})


class ResolvedItemSchema(Schema):
    sku = fields.String()
    unit = fields.String()
    quantity = DecimalString()
    price = DecimalString(allow_none=True)
    tier = DecimalString(allow_none=True)
    price_list_id = fields.UUID(allow_none=True)
    level = fields.String(allow_none=True)
    explanation = fields.Nested(ExplanationSchema, metadata={"description": "only with ?explain=true"})


class ResolveResponseSchema(Schema):
    customer_id = fields.UUID()
    currency = fields.String()
    items = fields.List(fields.Nested(ResolvedItemSchema))


PriceListPageSchema = page_schema(PriceListSchema)
PricePageSchema = page_schema(PriceSchema)
AssignmentPageSchema = page_schema(AssignmentSchema)


class ChainArgsSchema(Schema):
    customer_id = fields.UUID(required=True)


class ChainLinkSchema(Schema):
    price_list_id = fields.UUID()
    level = fields.String(metadata={"description": "customer, parent_customer, customer_group or default"})
    priority = fields.Integer()
    merge_allowed = fields.Boolean()
    passed_over = fields.String(allow_none=True, metadata={
        "description": "Why resolution does not use it now (inactive, outside_window, fallback_stop, "
                       "already_in_chain); null for a list in the chain"})


class ChainSchema(Schema):
    customer_id = fields.UUID()
    items = fields.List(fields.Nested(ChainLinkSchema))
