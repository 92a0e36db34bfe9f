"""/api/v1/customer-groups: groups that share settings such as price lists and payment terms."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import groups as use_cases
from .schemas import GroupListArgsSchema, GroupPageSchema, GroupPatchSchema, GroupSchema

blp = Blueprint("customer_groups", __name__, url_prefix="/api/v1/customer-groups", description="Customer groups.")
SORT_KEYS = ("name", "created_at")  # the repository knows their columns


@blp.route("")
class GroupCollection(MethodView):
    @requires("customer_group", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.arguments(GroupListArgsSchema, location="query")
    @blp.response(200, GroupPageSchema)
    def get(self, args):
        """List customer groups"""
        sort = parse_sort(args["sort"], SORT_KEYS, "name")
        items, next_cursor = use_cases.list_groups(uow(), args.get("q"), sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("customer_group", "CREATE", owner=GLOBAL, staff_only=True)
    @blp.arguments(GroupSchema)
    @blp.response(201, GroupSchema)
    def post(self, data):
        """Create a customer group"""
        group = use_cases.create_group(uow(), data)
        return versioned(group, 201, f"/api/v1/customer-groups/{group.id}")


@blp.route("/<uuid:group_id>")
class GroupItem(MethodView):
    @requires("customer_group", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.response(200, GroupSchema)
    def get(self, group_id):
        """Read a customer group"""
        return versioned(use_cases.read_group(uow(), group_id))

    @requires("customer_group", "EDIT", owner=GLOBAL, staff_only=True)
    @blp.arguments(GroupPatchSchema(partial=True))
    @blp.response(200, GroupSchema)
    def patch(self, changes, group_id):
        """Change a customer group (If-Match required)"""
        return versioned(use_cases.update_group(uow(), group_id, changes, expected_version()))

    @requires("customer_group", "DELETE", owner=GLOBAL, staff_only=True)
    @blp.response(204)
    def delete(self, group_id):
        """Delete a customer group no customer belongs to (If-Match required)"""
        use_cases.delete_group(uow(), group_id, expected_version())
