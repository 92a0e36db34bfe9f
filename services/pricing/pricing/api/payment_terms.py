"""/api/v1/payment-terms (label, net_days; 0 = due on receipt), /effective, and
/api/v1/payment-term-assignments to a customer or a customer group."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..services.terms import PAYMENT_TERM
from .assignable import Schemas, assignment_routes, resource_routes
from .terms_schemas import (
                            EffectivePaymentTermSchema,
                            PaymentTermAssignmentPageSchema,
                            PaymentTermAssignmentPatchSchema,
                            PaymentTermAssignmentSchema,
                            PaymentTermPageSchema,
                            PaymentTermPatchSchema,
                            PaymentTermSchema,
)

blp = Blueprint("payment_terms", __name__, url_prefix="/api/v1/payment-terms", description="Payment terms.")
assignments_blp = Blueprint("payment_term_assignments", __name__, url_prefix="/api/v1/payment-term-assignments",
                            description="Payment terms of customers and customer groups.")

resource_routes(blp, PAYMENT_TERM, Schemas(PaymentTermSchema, PaymentTermPatchSchema, PaymentTermPageSchema,
                                           EffectivePaymentTermSchema), sort_field="label")
assignment_routes(assignments_blp, PAYMENT_TERM, Schemas(PaymentTermAssignmentSchema, PaymentTermAssignmentPatchSchema,
                                                         PaymentTermAssignmentPageSchema, EffectivePaymentTermSchema))
