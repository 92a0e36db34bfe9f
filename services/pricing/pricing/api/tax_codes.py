"""/api/v1/tax-codes (code, description), /effective, and /api/v1/tax-codes/assignments to a
customer or group (docs/architecture.md gives tax codes one path segment, so assignments live under
it, on this blueprint). Assignments are back office only; a customer-level one is its customer's
(services/targets.py)."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, LIST, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import ListArgsSchema, parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import term_assignments, terms
from ..services.terms import TAX_CODE
from .terms_schemas import (
    AssignmentListArgsSchema,
    EffectiveArgsSchema,
    EffectiveTaxCodeSchema,
    TaxCodeAssignmentPageSchema,
    TaxCodeAssignmentPatchSchema,
    TaxCodeAssignmentSchema,
    TaxCodePageSchema,
    TaxCodePatchSchema,
    TaxCodeSchema,
)

blp = Blueprint("tax_codes", __name__, url_prefix="/api/v1/tax-codes", description="Customer tax codes.")


@blp.route("", endpoint="collection")
class TaxCodeCollection(MethodView):
    @requires("tax_code", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, TaxCodePageSchema)
    def get(self, args):
        """List tax codes by code"""
        sort = parse_sort(None, ("code",), "code")  # no ?sort= offered; the repository knows the column
        items, next_cursor = terms.list_all(uow(), TAX_CODE, sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("tax_code", "CREATE", owner=GLOBAL, staff_only=True)
    @blp.arguments(TaxCodeSchema)
    @blp.response(201, TaxCodeSchema)
    def post(self, data):
        """Create a tax code"""
        return versioned(terms.create(uow(), TAX_CODE, data), 201)


@blp.route("/<uuid:resource_id>", endpoint="item")
class TaxCodeItem(MethodView):
    @requires("tax_code", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.response(200, TaxCodeSchema)
    def get(self, resource_id):
        """Read a tax code"""
        return versioned(terms.read(uow(), TAX_CODE, resource_id))

    @requires("tax_code", "EDIT", owner=GLOBAL, staff_only=True)
    @blp.arguments(TaxCodePatchSchema)
    @blp.response(200, TaxCodeSchema)
    def patch(self, changes, resource_id):
        """Change a tax code's code or description (If-Match required)"""
        return versioned(terms.update(uow(), TAX_CODE, resource_id, changes, expected_version()))

    @requires("tax_code", "DELETE", owner=GLOBAL, staff_only=True)
    @blp.response(204)
    def delete(self, resource_id):
        """Delete a tax code that is not assigned (If-Match required)"""
        terms.delete(uow(), TAX_CODE, resource_id, expected_version())


@blp.route("/effective")
@requires("customer", "VIEW", owner=RECORD)  # a customer user reads its own customers' tax code
@blp.arguments(EffectiveArgsSchema, location="query")
@blp.response(200, EffectiveTaxCodeSchema)
def effective(args):
    """The customer's effective tax code and where it comes from: customer (the customer record's
    own `tax_code`), parent_customer (an ancestor's, when the customer's fallback is parent_customer),
    customer_group (assigned here)"""
    found, source = terms.effective_for(uow(), access(), TAX_CODE, args["customer_id"])
    return {"customer_id": args["customer_id"], "tax_code": found, "source": source}


@blp.route("/assignments", endpoint="assignment_collection")
class TaxCodeAssignmentCollection(MethodView):
    @requires("tax_code", "VIEW", owner=LIST, staff_only=True)
    @blp.arguments(AssignmentListArgsSchema, location="query")
    @blp.response(200, TaxCodeAssignmentPageSchema)
    def get(self, args):
        """List tax code assignments (?level=, ?target_id=)"""
        sort = parse_sort(None, ("created_at",), "created_at")  # no ?sort= offered: oldest first
        items, next_cursor = term_assignments.list_assignments(uow(), access(), TAX_CODE, args, sort, args["limit"],
                                                               args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("tax_code", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(TaxCodeAssignmentSchema)
    @blp.response(201, TaxCodeAssignmentSchema)
    def post(self, data):
        """Assign a tax code to a customer or a customer group (one per target)"""
        return versioned(term_assignments.assign(uow(), access(), TAX_CODE, data), 201)


@blp.route("/assignments/<uuid:assignment_id>", endpoint="assignment_item")
class TaxCodeAssignmentItem(MethodView):
    @requires("tax_code", "VIEW", owner=RECORD, staff_only=True)
    @blp.response(200, TaxCodeAssignmentSchema)
    def get(self, assignment_id):
        """Read a tax code assignment"""
        return versioned(term_assignments.read_assignment(uow(), access(), TAX_CODE, assignment_id))

    @requires("tax_code", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(TaxCodeAssignmentPatchSchema)
    @blp.response(200, TaxCodeAssignmentSchema)
    def patch(self, changes, assignment_id):
        """Point the assignment at another tax code (If-Match required)"""
        return versioned(term_assignments.reassign(uow(), access(), TAX_CODE, assignment_id, changes,
                                                   expected_version()))

    @requires("tax_code", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.response(204)
    def delete(self, assignment_id):
        """Remove a tax code assignment (If-Match required)"""
        term_assignments.unassign(uow(), access(), TAX_CODE, assignment_id, expected_version())
