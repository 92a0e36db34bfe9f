"""/api/v1/customers/{id}/orders-summary: the customer's order figures, from other teams' order
events (messaging/orders.py)."""
from __future__ import annotations

from b2b_shared.http.access import access, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow
from flask.views import MethodView

from ..services import orders as use_cases
from .orders_schemas import OrdersSummarySchema

blp = Blueprint("orders", __name__, url_prefix="/api/v1/customers/<uuid:customer_id>/orders-summary",
                description="A customer's order figures.")


@blp.route("")
class OrdersSummary(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"))
    @blp.response(200, OrdersSummarySchema)
    def get(self, customer_id):
        """Order figures of a customer: number, first and last order, sales and average per currency"""
        return use_cases.orders_summary(uow(), access(), customer_id)
