"""/api/v1/prices/resolve: one customer's prices for up to 500 items in one currency; with
?explain=true, how each price came about. /api/v1/prices/chain: the lists resolution considers."""
from __future__ import annotations

from b2b_shared.http.access import RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.resources import uow
from flask import jsonify

from ..domain.explanation import Explanation
from ..services.resolve import explain_prices, price_list_chain, resolve_prices
from .deps import config
from .schemas import ChainArgsSchema, ChainSchema, ResolveArgsSchema, ResolveRequestSchema, ResolveResponseSchema

blp = Blueprint("prices_resolve", __name__, url_prefix="/api/v1/prices", description="Price resolution.")


def _text(value) -> str | None:
    return None if value is None else str(value)


@blp.route("/resolve", methods=["POST"])
@requires("price_list", "VIEW", owner=RECORD)  # a customer user: only customers within its reach
@blp.arguments(ResolveArgsSchema, location="query")
@blp.arguments(ResolveRequestSchema)
@blp.response(200, ResolveResponseSchema)
def resolve(args, request):
    """Resolve each item's unit price along the customer's chain of price lists (customer, parent
    customer as its fallback says, group, default), combined by the deployment's strategy"""
    given = (uow(), access(), request["customer_id"], request["currency"], request["items"], config().strategy)
    if args["explain"]:
        resolved, explanations = explain_prices(*given)
    else:
        resolved, explanations = resolve_prices(*given), None
    # Rendered by hand, in ResolveResponseSchema's shape: dumping 100 items through marshmallow
    # cost ~3 ms of the budget. A Response passes flask-smorest's dump untouched.
    list_ids = {list_id: _text(list_id) for list_id in {r.price_list_id for r in resolved}}  # a few lists, 100s of items
    items = [{"sku": r.item.sku, "unit": r.item.unit, "quantity": str(r.item.quantity), "price": _text(r.price),
              "tier": _text(r.tier), "price_list_id": list_ids[r.price_list_id], "level": r.level} for r in resolved]
    for item, explanation in zip(items, explanations or ()):
        item["explanation"] = _explained(explanation)
    return jsonify(customer_id=str(request["customer_id"]), currency=request["currency"], items=items)


@blp.route("/chain")
@requires("price_list", "VIEW", owner=RECORD)  # a customer user: only customers within its reach
@blp.arguments(ChainArgsSchema, location="query")
@blp.response(200, ChainSchema)
def chain(args):
    """The price lists that apply to a customer now, in the order resolution tries them, and those
    it passes over with the reason (a customer's page in the back office: its price lists)"""
    considered = price_list_chain(uow(), access(), args["customer_id"])
    items = [{"price_list_id": c.link.price_list_id, "level": c.link.level, "priority": c.link.priority,
              "merge_allowed": c.link.merge_allowed, "passed_over": c.passed_over} for c in considered]
    return {"customer_id": args["customer_id"], "items": items}


def _explained(explanation: Explanation) -> dict:
    """ExplanationSchema's shape."""
    return {
        "strategy": explanation.strategy,
        "chain": [{"price_list_id": str(step.link.price_list_id), "level": step.link.level,
                   "priority": step.link.priority, "merge_allowed": step.link.merge_allowed, "outcome": step.outcome,
                   "prices": [{"quantity": str(p.quantity), "value": str(p.value), "outcome": outcome}
                              for p, outcome in step.prices]} for step in explanation.steps],
        "combined": [{"quantity": str(t.price.quantity), "value": str(t.price.value),
                      "price_list_id": str(t.price.price_list_id), "level": t.link.level}
                     for t in explanation.combined],
    }
