"""HTTP representations of payment terms, tax codes and their assignments."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import ResourceSchema, page_schema
from marshmallow import Schema, fields, validate

from ..domain.levels import TARGET_LEVELS
from .fields import Partial, text


class PaymentTermSchema(ResourceSchema):
    label = text(required=True)
    net_days = fields.Integer(required=True, validate=validate.Range(0, 3650))  # 0 = due on receipt


class PaymentTermPatchSchema(Partial, PaymentTermSchema):
    """Every field optional: a PATCH sends only what changes."""


class TaxCodeSchema(ResourceSchema):
    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.-]{1,100}$",
                                                                 error="1 to 100 letters, digits, _ . and - only."))
    description = text(1000, allow_none=True)


class TaxCodePatchSchema(Partial, TaxCodeSchema):
    """Every field optional: a PATCH sends only what changes."""


class TargetSchema(ResourceSchema):
    level = fields.String(required=True, validate=validate.OneOf(TARGET_LEVELS))
    target_id = fields.UUID(required=True)


class PaymentTermAssignmentSchema(TargetSchema):
    payment_term_id = fields.UUID(required=True)


class TaxCodeAssignmentSchema(TargetSchema):
    # A customer's own tax code is its record's `tax_code` (customers service): groups only here.
    level = fields.String(required=True, validate=validate.OneOf(
        ("customer_group",), error="Tax codes are assigned to customer groups here; a customer's own is its "
                                   "`tax_code` field in the customers service."))
    tax_code_id = fields.UUID(required=True)


class PaymentTermAssignmentPatchSchema(Schema):
    payment_term_id = fields.UUID(required=True)


class TaxCodeAssignmentPatchSchema(Schema):
    tax_code_id = fields.UUID(required=True)


class AssignmentListArgsSchema(ListArgsSchema):
    level = fields.String(validate=validate.OneOf(TARGET_LEVELS))
    target_id = fields.UUID()


class EffectiveArgsSchema(Schema):
    customer_id = fields.UUID(required=True)


class EffectivePaymentTermSchema(Schema):
    customer_id = fields.UUID()
    payment_term = fields.Nested(PaymentTermSchema, allow_none=True)
    source = fields.String(allow_none=True)  # customer, parent_customer, customer_group or null


class EffectiveTaxCodeSchema(Schema):
    customer_id = fields.UUID()
    tax_code = fields.Nested(TaxCodeSchema, allow_none=True)
    source = fields.String(allow_none=True)


PaymentTermPageSchema = page_schema(PaymentTermSchema)
TaxCodePageSchema = page_schema(TaxCodeSchema)
PaymentTermAssignmentPageSchema = page_schema(PaymentTermAssignmentSchema)
TaxCodeAssignmentPageSchema = page_schema(TaxCodeAssignmentSchema)
