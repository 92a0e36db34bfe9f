"""/api/v1/staff-users: back-office administrators and sales representatives."""
from __future__ import annotations

from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from flask.views import MethodView
from flask_smorest import Blueprint

from ..domain.model import StaffUser
from ..services import staff as use_cases
from .auth_schemas import PasswordSetSchema
from .deps import actor, auth, uow, versioned
from .schemas import StaffUserPatchSchema, StaffUserSchema, UserListArgsSchema, page_of

blp = Blueprint("staff_users", __name__, url_prefix="/api/v1/staff-users",
                description="Back-office staff users; only staff manage them.")
SORT_COLUMNS = {"email": StaffUser.email, "created_at": StaffUser.created_at}


@blp.route("")
class StaffUserCollection(MethodView):
    @blp.arguments(UserListArgsSchema, location="query")
    @blp.response(200, page_of(StaffUserSchema))
    def get(self, args):
        """List staff users"""
        sort = parse_sort(args["sort"], SORT_COLUMNS, "email")
        items, next_cursor = use_cases.list_staff(uow(), actor(), sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(StaffUserSchema)
    @blp.response(201, StaffUserSchema)
    def post(self, data):
        """Create a staff user"""
        user = use_cases.create_staff(uow(), auth().passwords, actor(), data)
        return versioned(user, 201, f"/api/v1/staff-users/{user.id}")


@blp.route("/<uuid:user_id>")
class StaffUserItem(MethodView):
    @blp.response(200, StaffUserSchema)
    def get(self, user_id):
        """Read a staff user"""
        return versioned(use_cases.read_staff(uow(), actor(), user_id))

    @blp.arguments(StaffUserPatchSchema)
    @blp.response(200, StaffUserSchema)
    def patch(self, changes, user_id):
        """Change a staff user (If-Match required)"""
        return versioned(use_cases.update_staff(uow(), actor(), user_id, changes, expected_version()))

    @blp.response(204)
    def delete(self, user_id):
        """Delete a staff user (If-Match required)"""
        use_cases.delete_staff(uow(), actor(), user_id, expected_version())


@blp.route("/<uuid:user_id>/password", methods=["PUT"])
@blp.arguments(PasswordSetSchema)
@blp.response(204)
def set_password(data, user_id):
    """Set a staff user's password; its refresh tokens stop working"""
    use_cases.set_staff_password(uow(), auth().passwords, actor(), user_id, data["password"])
