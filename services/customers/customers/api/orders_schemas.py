"""HTTP representations of a customer's order figures."""
from __future__ import annotations

from b2b_shared.http.schemas import FastSchema
from marshmallow import fields


class CurrencyFiguresSchema(FastSchema):
    currency = fields.String(metadata={"description": "ISO 4217"})
    orders_count = fields.Integer()
    lifetime_sales_value = fields.Decimal(as_string=True, metadata={"description": "decimal string"})
    average_order_size = fields.Decimal(as_string=True, metadata={"description": "decimal string, to the cent"})


class OrderFiguresSchema(FastSchema):
    orders_count = fields.Integer(metadata={"description": "Orders placed and neither cancelled nor refunded."})
    cancelled_count = fields.Integer()
    refunded_count = fields.Integer()
    first_order_at = fields.DateTime(allow_none=True)
    last_order_at = fields.DateTime(allow_none=True)
    currencies = fields.List(fields.Nested(CurrencyFiguresSchema),
                             metadata={"description": "Sales per currency: amounts in different currencies "
                                                      "are never added."})


class OrdersSummarySchema(FastSchema):
    customer_id = fields.UUID()
    own = fields.Nested(OrderFiguresSchema, metadata={"description": "The customer's own orders."})
    with_subsidiaries = fields.Nested(OrderFiguresSchema, metadata={
        "description": "The customer's and its subsidiaries' orders, as the hierarchy is now."})
