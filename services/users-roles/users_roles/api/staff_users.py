"""/api/v1/staff-users: back-office administrators and sales representatives."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from b2b_shared.http.schemas import page_schema
from flask.views import MethodView

from ..services import staff as use_cases
from .auth_schemas import PasswordSetSchema
from .deps import auth
from .schemas import StaffUserPatchSchema, StaffUserSchema, UserListArgsSchema

blp = Blueprint("staff_users", __name__, url_prefix="/api/v1/staff-users",
                description="Back-office staff users; only staff manage them.")
SORT_KEYS = ("email", "created_at")  # the repository knows their columns


@blp.route("")
class StaffUserCollection(MethodView):
    @requires("staff_user", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.arguments(UserListArgsSchema, location="query")
    @blp.response(200, page_schema(StaffUserSchema))
    def get(self, args):
        """List staff users"""
        sort = parse_sort(args["sort"], SORT_KEYS, "email")
        items, next_cursor = use_cases.list_staff(uow(), sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("staff_user", "CREATE", owner=GLOBAL, staff_only=True)
    @blp.arguments(StaffUserSchema)
    @blp.response(201, StaffUserSchema)
    def post(self, data):
        """Create a staff user"""
        user = use_cases.create_staff(uow(), auth().passwords, data)
        return versioned(user, 201, f"/api/v1/staff-users/{user.id}")


@blp.route("/<uuid:user_id>")
class StaffUserItem(MethodView):
    @requires("staff_user", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.response(200, StaffUserSchema)
    def get(self, user_id):
        """Read a staff user"""
        return versioned(use_cases.read_staff(uow(), user_id))

    @requires("staff_user", "EDIT", owner=GLOBAL, staff_only=True)
    @blp.arguments(StaffUserPatchSchema)
    @blp.response(200, StaffUserSchema)
    def patch(self, changes, user_id):
        """Change a staff user (If-Match required)"""
        return versioned(use_cases.update_staff(uow(), user_id, changes, expected_version()))

    @requires("staff_user", "DELETE", owner=GLOBAL, staff_only=True)
    @blp.response(204)
    def delete(self, user_id):
        """Delete a staff user (If-Match required)"""
        use_cases.delete_staff(uow(), user_id, expected_version())


@blp.route("/<uuid:user_id>/password", methods=["PUT"])
@requires("staff_user", "EDIT", owner=GLOBAL, staff_only=True)
@blp.arguments(PasswordSetSchema)
@blp.response(204)
def set_password(data, user_id):
    """Set a staff user's password; its refresh tokens stop working"""
    use_cases.set_staff_password(uow(), auth().passwords, user_id, data["password"])
