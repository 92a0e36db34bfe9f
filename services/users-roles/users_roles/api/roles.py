"""/api/v1/roles: global roles and roles of one customer, with their permissions."""
from __future__ import annotations

from b2b_shared.http.access import LIST, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from b2b_shared.http.schemas import page_schema
from flask.views import MethodView

from ..services import roles as use_cases
from .schemas import RoleListArgsSchema, RolePatchSchema, RoleSchema

blp = Blueprint("roles", __name__, url_prefix="/api/v1/roles",
                description="Roles: permissions as resource x action x access level.")
SORT_KEYS = ("name", "created_at")  # the repository knows their columns


@blp.route("")
class RoleCollection(MethodView):
    @requires("role", "VIEW", owner=LIST)
    @blp.arguments(RoleListArgsSchema, location="query")
    @blp.response(200, page_schema(RoleSchema))
    def get(self, args):
        """List roles: of one customer (and the global ones unless include_global=false), or all"""
        sort = parse_sort(args["sort"], SORT_KEYS, "name")
        items, next_cursor = use_cases.list_roles(uow(), access(), args.get("customer_id"), args["include_global"],
                                                  sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("role", "CREATE", owner=RECORD)
    @blp.arguments(RoleSchema)
    @blp.response(201, RoleSchema)
    def post(self, data):
        """Create a role (name defaults to the label in UPPER_SNAKE_CASE)"""
        role = use_cases.create_role(uow(), access(), data)
        return versioned(role, 201, f"/api/v1/roles/{role.id}")


@blp.route("/<uuid:role_id>")
class RoleItem(MethodView):
    @requires("role", "VIEW", owner=RECORD)
    @blp.response(200, RoleSchema)
    def get(self, role_id):
        """Read a role"""
        return versioned(use_cases.read_role(uow(), access(), role_id))

    @requires("role", "EDIT", owner=RECORD)
    @blp.arguments(RolePatchSchema)
    @blp.response(200, RoleSchema)
    def patch(self, changes, role_id):
        """Change a role's label or permissions (If-Match required)"""
        return versioned(use_cases.update_role(uow(), access(), role_id, changes, expected_version()))

    @requires("role", "DELETE", owner=RECORD)
    @blp.response(204)
    def delete(self, role_id):
        """Delete a role no user holds (If-Match required)"""
        use_cases.delete_role(uow(), access(), role_id, expected_version())
