"""/api/v1/payment-terms (label, net_days; 0 = due on receipt) and /effective. Their assignments
to customers and groups are api/payment_term_assignments.py."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import ListArgsSchema, parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import terms as use_cases
from ..services.terms import PAYMENT_TERM
from .terms_schemas import (
    EffectiveArgsSchema,
    EffectivePaymentTermSchema,
    PaymentTermPageSchema,
    PaymentTermPatchSchema,
    PaymentTermSchema,
)

blp = Blueprint("payment_terms", __name__, url_prefix="/api/v1/payment-terms", description="Payment terms.")
SORT_KEYS = ("label",)  # the repository knows the column


@blp.route("", endpoint="collection")
class PaymentTermCollection(MethodView):
    @requires("payment_term", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, PaymentTermPageSchema)
    def get(self, args):
        """List payment terms by label"""
        sort = parse_sort(None, SORT_KEYS, "label")  # no ?sort= offered
        items, next_cursor = use_cases.list_all(uow(), PAYMENT_TERM, sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("payment_term", "CREATE", owner=GLOBAL, staff_only=True)
    @blp.arguments(PaymentTermSchema)
    @blp.response(201, PaymentTermSchema)
    def post(self, data):
        """Create a payment term"""
        return versioned(use_cases.create(uow(), PAYMENT_TERM, data), 201)


@blp.route("/<uuid:resource_id>", endpoint="item")
class PaymentTermItem(MethodView):
    @requires("payment_term", "VIEW", owner=GLOBAL, staff_only=True)
    @blp.response(200, PaymentTermSchema)
    def get(self, resource_id):
        """Read a payment term"""
        return versioned(use_cases.read(uow(), PAYMENT_TERM, resource_id))

    @requires("payment_term", "EDIT", owner=GLOBAL, staff_only=True)
    @blp.arguments(PaymentTermPatchSchema)
    @blp.response(200, PaymentTermSchema)
    def patch(self, changes, resource_id):
        """Change a payment term's label or net days (If-Match required)"""
        return versioned(use_cases.update(uow(), PAYMENT_TERM, resource_id, changes, expected_version()))

    @requires("payment_term", "DELETE", owner=GLOBAL, staff_only=True)
    @blp.response(204)
    def delete(self, resource_id):
        """Delete a payment term that is not assigned (If-Match required)"""
        use_cases.delete(uow(), PAYMENT_TERM, resource_id, expected_version())


@blp.route("/effective")
@requires("payment_term", "VIEW", owner=RECORD)  # a customer user: its own customers' term
@blp.arguments(EffectiveArgsSchema, location="query")
@blp.response(200, EffectivePaymentTermSchema)
def effective(args):
    """The customer's effective payment term and where it comes from: customer, parent_customer, customer_group"""
    found, source = use_cases.effective_for(uow(), access(), PAYMENT_TERM, args["customer_id"])
    return {"customer_id": args["customer_id"], "payment_term": found, "source": source}
