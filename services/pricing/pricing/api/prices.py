"""/api/v1/price-lists/{id}/prices: bulk upsert and delete (imports), keyset-paged listing."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow
from flask.views import MethodView

from ..services import prices as use_cases
from .schemas import BulkResultSchema, PriceKeySchema, PriceListArgsSchema, PricePageSchema, PriceRowsSchema

blp = Blueprint("prices", __name__, url_prefix="/api/v1/price-lists", description="The prices of a price list.")


@blp.route("/<uuid:list_id>/prices")
class PriceCollection(MethodView):
    @requires("price_list", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.arguments(PriceListArgsSchema, location="query")
    @blp.response(200, PricePageSchema)
    def get(self, args, list_id):
        """List a price list's prices by sku, unit, currency and tier (?sku= filters)"""
        items, next_cursor = use_cases.list_prices(uow(), list_id, args.get("sku"), args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("price_list", "EDIT", owner=GLOBAL, staff_only=True)
    @blp.arguments(PriceRowsSchema(many=True))
    @blp.response(200, BulkResultSchema)
    def post(self, rows, list_id):
        """Upsert up to 10,000 prices [{sku, unit, currency, quantity, value}]; one event with counts"""
        return use_cases.upsert_prices(uow(), list_id, rows)


@blp.route("/<uuid:list_id>/prices/delete", methods=["POST"])
@requires("price_list", "EDIT", owner=GLOBAL, staff_only=True)
@blp.arguments(PriceKeySchema(many=True))
@blp.response(200, BulkResultSchema)
def delete_prices(keys, list_id):
    """Delete up to 10,000 prices by key; a key without unit, currency or quantity matches any"""
    return use_cases.delete_prices(uow(), list_id, keys)
