"""/api/v1/customers/{id}/activity: the customer's timeline, built from events across the suite
(messaging/activity.py), newest first."""
from __future__ import annotations

from b2b_shared.http.access import access, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow
from flask.views import MethodView

from ..services import activity as use_cases
from .activity_schemas import ActivityArgsSchema, ActivityPageSchema

blp = Blueprint("activity", __name__, url_prefix="/api/v1/customers/<uuid:customer_id>/activity",
                description="A customer's activity timeline.")


@blp.route("")
class ActivityCollection(MethodView):
    # Back office only, like notes: the timeline tells of notes and of other customers' users.
    @requires("customer", "VIEW", owner=path("customer_id"), staff_only=True)
    @blp.arguments(ActivityArgsSchema, location="query")
    @blp.response(200, ActivityPageSchema)
    def get(self, args, customer_id):
        """List a customer's activity, newest first"""
        filters = use_cases.ActivityFilters(tuple(args["type"]), args.get("since"), args.get("until"),
                                            args["include_subsidiaries"])
        items, next_cursor = use_cases.list_activity(uow(), access(), customer_id, filters, args["limit"],
                                                     args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}
