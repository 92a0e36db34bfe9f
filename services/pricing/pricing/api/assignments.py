"""/api/v1/price-list-assignments: which lists a customer, a group or everyone (default) gets,
and each customer's and group's fallback setting. Back office only; a customer-level one is its
customer's, any other level no customer's (services/targets.py)."""
from __future__ import annotations

from b2b_shared.http.access import LIST, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import assignments as use_cases
from ..services import fallbacks
from .schemas import (
    AssignmentListArgsSchema,
    AssignmentPageSchema,
    AssignmentPatchSchema,
    AssignmentSchema,
    FallbackSchema,
)

blp = Blueprint("price_list_assignments", __name__, url_prefix="/api/v1/price-list-assignments",
                description="Price list assignments and fallback settings.")
SORT_KEYS = ("created_at",)  # the repository knows the column


@blp.route("")
class AssignmentCollection(MethodView):
    @requires("price_list", "VIEW", owner=LIST, staff_only=True)
    @blp.arguments(AssignmentListArgsSchema, location="query")
    @blp.response(200, AssignmentPageSchema)
    def get(self, args):
        """List assignments (?price_list_id=, ?level=, ?target_id=)"""
        sort = parse_sort(None, SORT_KEYS, "created_at")  # no ?sort= offered: oldest first
        items, next_cursor = use_cases.list_assignments(uow(), access(), args, sort, args["limit"],
                                                        args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("price_list", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(AssignmentSchema)
    @blp.response(201, AssignmentSchema)
    def post(self, data):
        """Assign a price list to a customer, a customer group or the default level"""
        assignment = use_cases.create_assignment(uow(), access(), data)
        return versioned(assignment, 201, f"/api/v1/price-list-assignments/{assignment.id}")


@blp.route("/<uuid:assignment_id>")
class AssignmentItem(MethodView):
    @requires("price_list", "VIEW", owner=RECORD, staff_only=True)
    @blp.response(200, AssignmentSchema)
    def get(self, assignment_id):
        """Read an assignment"""
        return versioned(use_cases.read_assignment(uow(), access(), assignment_id))

    @requires("price_list", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(AssignmentPatchSchema)
    @blp.response(200, AssignmentSchema)
    def patch(self, changes, assignment_id):
        """Change an assignment's priority or merge_allowed (If-Match required)"""
        return versioned(use_cases.update_assignment(uow(), access(), assignment_id, changes, expected_version()))

    @requires("price_list", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.response(204)
    def delete(self, assignment_id):
        """Remove an assignment (If-Match required)"""
        use_cases.delete_assignment(uow(), access(), assignment_id, expected_version())


@blp.route("/fallbacks/<any(customer, customer_group):level>/<uuid:target_id>")
class FallbackItem(MethodView):
    @requires("price_list", "VIEW", owner=RECORD, staff_only=True)
    @blp.response(200, FallbackSchema)
    def get(self, level, target_id):
        """Read a customer's or group's fallback: `next` level (the default) or `this_level_only`"""
        return versioned(fallbacks.read_fallback(uow(), access(), level, target_id))

    @requires("price_list", "ASSIGN", owner=RECORD, staff_only=True)
    @blp.arguments(FallbackSchema)
    @blp.response(200, FallbackSchema)
    def put(self, data, level, target_id):
        """Set the fallback (If-Match required; never set is version 0)"""
        return versioned(fallbacks.set_fallback(uow(), access(), level, target_id, data["fallback"],
                                                expected_version()))
