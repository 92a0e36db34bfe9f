"""HTTP representations of balance accounts and their entries."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import page_schema
from marshmallow import Schema, fields, validate

from .fields import Currency, DecimalString, non_negative, text


class AccountSchema(Schema):
    customer_id = fields.UUID()
    ledger = fields.String()
    currency = fields.String(allow_none=True)
    balance = DecimalString()
    credit_limit = DecimalString()
    available = DecimalString()
    version = fields.Integer()


class BalancesSchema(Schema):
    customer_id = fields.UUID()
    items = fields.List(fields.Nested(AccountSchema))


class CreditLimitSchema(Schema):
    credit_limit = non_negative(required=True)
    currency = Currency(required=True)


class PostingSchema(Schema):
    """amount > 0 credits the ledger, < 0 charges it (an on_account charge is negative)."""
    amount = DecimalString(required=True, validate=validate.NoneOf([0], error="A posting moves the balance: not 0."))
    currency = Currency(load_default=None)
    description = text(1000, load_default=None)
    reference = text(255, load_default=None)


class EntrySchema(Schema):
    id = fields.UUID()
    customer_id = fields.UUID()
    ledger = fields.String()
    amount = DecimalString()
    currency = fields.String(allow_none=True)
    balance_after = DecimalString()
    description = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    idempotency_key = fields.String()
    created_at = fields.DateTime()


EntryListArgsSchema = ListArgsSchema
EntryPageSchema = page_schema(EntrySchema)
