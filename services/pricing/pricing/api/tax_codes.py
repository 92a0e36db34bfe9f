"""/api/v1/tax-codes (code, description), /effective, and /api/v1/tax-codes/assignments to a
customer or group (docs/architecture.md gives tax codes one path segment, so assignments live under it)."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..services.terms import TAX_CODE
from .assignable import Schemas, assignment_routes, resource_routes
from .terms_schemas import (
                            EffectiveTaxCodeSchema,
                            TaxCodeAssignmentPageSchema,
                            TaxCodeAssignmentPatchSchema,
                            TaxCodeAssignmentSchema,
                            TaxCodePageSchema,
                            TaxCodePatchSchema,
                            TaxCodeSchema,
)

blp = Blueprint("tax_codes", __name__, url_prefix="/api/v1/tax-codes", description="Customer tax codes.")

assignment_routes(blp, TAX_CODE, Schemas(TaxCodeAssignmentSchema, TaxCodeAssignmentPatchSchema,
                                         TaxCodeAssignmentPageSchema, EffectiveTaxCodeSchema), prefix="/assignments")
resource_routes(blp, TAX_CODE, Schemas(TaxCodeSchema, TaxCodePatchSchema, TaxCodePageSchema, EffectiveTaxCodeSchema),
                sort_field="code")
