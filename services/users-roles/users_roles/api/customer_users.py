"""/api/v1/customer-users: the people who act for a customer."""
from __future__ import annotations

from b2b_shared.http.access import LIST, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from b2b_shared.http.schemas import page_schema
from flask.views import MethodView

from ..services import authz
from ..services import users as use_cases
from .auth_schemas import EffectivePermissionsSchema, PasswordSetSchema
from .deps import auth
from .schemas import CustomerUserListArgsSchema, CustomerUserPatchSchema, CustomerUserSchema

blp = Blueprint("customer_users", __name__, url_prefix="/api/v1/customer-users",
                description="Customer users: the people who buy for a customer.")
SORT_KEYS = ("email", "created_at")  # the repository knows their columns


@blp.route("")
class CustomerUserCollection(MethodView):
    @requires("customer_user", "VIEW", owner=LIST)
    @blp.arguments(CustomerUserListArgsSchema, location="query")
    @blp.response(200, page_schema(CustomerUserSchema))
    def get(self, args):
        """List customer users, optionally of one customer; q searches emails and names"""
        sort = parse_sort(args["sort"], SORT_KEYS, "email")
        items, next_cursor = use_cases.list_users(uow(), access(), args.get("customer_id"), sort, args["limit"],
                                                  args.get("cursor"), args.get("q"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("customer_user", "CREATE", owner=RECORD)
    @blp.arguments(CustomerUserSchema)
    @blp.response(201, CustomerUserSchema)
    def post(self, data):
        """Create a customer user (default role BUYER when role_ids is not given)"""
        user = use_cases.create_user(uow(), auth().passwords, access(), data)
        return versioned(user, 201, f"/api/v1/customer-users/{user.id}")


@blp.route("/<uuid:user_id>")
class CustomerUserItem(MethodView):
    @requires("customer_user", "VIEW", owner=RECORD)
    @blp.response(200, CustomerUserSchema)
    def get(self, user_id):
        """Read a customer user"""
        return versioned(use_cases.read_user(uow(), access(), user_id))

    @requires("customer_user", "EDIT", owner=RECORD)
    @blp.arguments(CustomerUserPatchSchema)
    @blp.response(200, CustomerUserSchema)
    def patch(self, changes, user_id):
        """Change a customer user: fields, enabled, role_ids (If-Match required)"""
        return versioned(use_cases.update_user(uow(), access(), user_id, changes, expected_version()))

    @requires("customer_user", "DELETE", owner=RECORD)
    @blp.response(204)
    def delete(self, user_id):
        """Delete a customer user (If-Match required)"""
        use_cases.delete_user(uow(), access(), user_id, expected_version())


@blp.route("/<uuid:user_id>/password", methods=["PUT"])
@requires("customer_user", "EDIT", owner=RECORD)
@blp.arguments(PasswordSetSchema)
@blp.response(204)
def set_password(data, user_id):
    """An administrator sets a user's password; the user's refresh tokens stop working"""
    use_cases.set_password(uow(), auth().passwords, access(), user_id, data["password"])


@blp.route("/<uuid:user_id>/permissions")
@requires("customer_user", "VIEW", owner=RECORD)
@blp.response(200, EffectivePermissionsSchema)
def permissions(user_id):
    """The user's effective permissions: the highest level per resource x action over its roles"""
    return {"user_id": user_id, "items": authz.permissions_of(uow(), access(), user_id)}
