"""/api/v1/price-lists: price lists (name, currencies, active flag and window)."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import price_lists as use_cases
from .schemas import PriceListListArgsSchema, PriceListPageSchema, PriceListPatchSchema, PriceListSchema

blp = Blueprint("price_lists", __name__, url_prefix="/api/v1/price-lists", description="Price lists.")
SORT_KEYS = ("name", "created_at")  # the repository knows their columns


@blp.route("")
class PriceListCollection(MethodView):
    @requires("price_list", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.arguments(PriceListListArgsSchema, location="query")
    @blp.response(200, PriceListPageSchema)
    def get(self, args):
        """List price lists (?q= matches the name, ?active=)"""
        sort = parse_sort(None, SORT_KEYS, "name")  # no ?sort= offered: always by name
        items, next_cursor = use_cases.list_price_lists(uow(), args.get("q"), args.get("active"), sort, args["limit"],
                                                        args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("price_list", "CREATE", owner=GLOBAL, staff_only=True)
    @blp.arguments(PriceListSchema)
    @blp.response(201, PriceListSchema)
    def post(self, data):
        """Create a price list"""
        price_list = use_cases.create_price_list(uow(), data)
        return versioned(price_list, 201, f"/api/v1/price-lists/{price_list.id}")


@blp.route("/<uuid:list_id>")
class PriceListItem(MethodView):
    @requires("price_list", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.response(200, PriceListSchema)
    def get(self, list_id):
        """Read a price list"""
        return versioned(use_cases.read_price_list(uow(), list_id))

    @requires("price_list", "EDIT", owner=GLOBAL, staff_only=True)
    @blp.arguments(PriceListPatchSchema)
    @blp.response(200, PriceListSchema)
    def patch(self, changes, list_id):
        """Change a price list (If-Match required)"""
        return versioned(use_cases.update_price_list(uow(), list_id, changes, expected_version()))

    @requires("price_list", "DELETE", owner=GLOBAL, staff_only=True)
    @blp.response(204)
    def delete(self, list_id):
        """Delete a price list that is not assigned, with its prices (If-Match required)"""
        use_cases.delete_price_list(uow(), list_id, expected_version())
