"""/api/v1/payment-term-assignments: the payment term of a customer or a customer group, one per
target. Back office only; a customer-level one is its customer's (services/targets.py)."""
from __future__ import annotations

from b2b_shared.http.access import LIST, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import term_assignments as use_cases
from ..services.terms import PAYMENT_TERM
from .terms_schemas import (
    AssignmentListArgsSchema,
    PaymentTermAssignmentPageSchema,
    PaymentTermAssignmentPatchSchema,
    PaymentTermAssignmentSchema,
)

blp = Blueprint("payment_term_assignments", __name__, url_prefix="/api/v1/payment-term-assignments",
                description="Payment terms of customers and customer groups.")
SORT_KEYS = ("created_at",)  # the repository knows the column


@blp.route("", endpoint="assignment_collection")
class PaymentTermAssignmentCollection(MethodView):
    @requires("payment_term", "VIEW", owner=LIST, staff_only=True)
    @blp.arguments(AssignmentListArgsSchema, location="query")
    @blp.response(200, PaymentTermAssignmentPageSchema)
    def get(self, args):
        """List payment term assignments (?level=, ?target_id=)"""
        sort = parse_sort(None, SORT_KEYS, "created_at")  # no ?sort= offered: oldest first
        items, next_cursor = use_cases.list_assignments(uow(), access(), PAYMENT_TERM, args, sort, args["limit"],
                                                        args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("payment_term", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(PaymentTermAssignmentSchema)
    @blp.response(201, PaymentTermAssignmentSchema)
    def post(self, data):
        """Assign a payment term to a customer or a customer group (one per target)"""
        return versioned(use_cases.assign(uow(), access(), PAYMENT_TERM, data), 201)


@blp.route("/<uuid:assignment_id>", endpoint="assignment_item")
class PaymentTermAssignmentItem(MethodView):
    @requires("payment_term", "VIEW", owner=RECORD, staff_only=True)
    @blp.response(200, PaymentTermAssignmentSchema)
    def get(self, assignment_id):
        """Read a payment term assignment"""
        return versioned(use_cases.read_assignment(uow(), access(), PAYMENT_TERM, assignment_id))

    @requires("payment_term", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(PaymentTermAssignmentPatchSchema)
    @blp.response(200, PaymentTermAssignmentSchema)
    def patch(self, changes, assignment_id):
        """Point the assignment at another payment term (If-Match required)"""
        return versioned(use_cases.reassign(uow(), access(), PAYMENT_TERM, assignment_id, changes,
                                            expected_version()))

    @requires("payment_term", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.response(204)
    def delete(self, assignment_id):
        """Remove a payment term assignment (If-Match required)"""
        use_cases.unassign(uow(), access(), PAYMENT_TERM, assignment_id, expected_version())
