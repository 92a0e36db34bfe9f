"""/api/v1/tags: the tags in use on customers, with how many customers carry each."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow

from ..services import customers as use_cases
from .schemas import TagListArgsSchema, TagListSchema

blp = Blueprint("tags", __name__, url_prefix="/api/v1/tags", description="Customer tags.")


@blp.route("")
@requires("customer", "VIEW", owner=GLOBAL, staff_only=True)  # counts across every customer
@blp.arguments(TagListArgsSchema, location="query")
@blp.response(200, TagListSchema)
def list_tags(args):
    """List tags in use, most used first; prefix narrows them for autocomplete"""
    rows = use_cases.tag_counts(uow(), args.get("prefix"), args["limit"])
    return {"items": [{"name": name, "customer_count": count} for name, count in rows]}
