"""/api/v1/authz/check: may this user do this action on this record?"""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, current_principal, requires, signed_in
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow

from ..services import authz as use_cases
from ..services.me import describe
from .auth_schemas import AuthzArgsSchema, AuthzCheckSchema, AuthzResultSchema, MeSchema

blp = Blueprint("authz", __name__, url_prefix="/api/v1/authz", description="Authorization decisions.")


@blp.route("/check", methods=["POST"])
@requires("customer_user", "VIEW", owner=GLOBAL, staff_only=True)  # other services and the back office ask
@blp.arguments(AuthzArgsSchema, location="query")
@blp.arguments(AuthzCheckSchema)
@blp.response(200, AuthzResultSchema)
def check(args, body):
    """Decide from the user's roles and the local customer hierarchy; ?explain=true says why"""
    answer = use_cases.check_access(uow(), use_cases.Check(**body))
    result = {"allowed": answer.decision.allowed, "access_level": answer.decision.access_level.name}
    if args["explain"]:
        result["explanation"] = use_cases.explain(answer)
    return result


@blp.route("/me")
@signed_in
@blp.response(200, MeSchema)
def me():
    """Who the caller is: kind, customer, roles and effective permissions (served as /api/v1/me)"""
    return describe(uow(), current_principal())
