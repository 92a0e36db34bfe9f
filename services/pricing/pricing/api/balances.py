"""/api/v1/balances/{customer_id}: store_credit, on_account (with a credit limit) and
loyalty_points, each an append-only ledger; every posting carries an Idempotency-Key."""
from __future__ import annotations

from b2b_shared.http.access import GLOBAL, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask import request

from ..services import balances as use_cases
from .balance_schemas import (
    AccountSchema,
    BalancesSchema,
    CreditLimitSchema,
    EntryListArgsSchema,
    EntryPageSchema,
    EntrySchema,
    PostingSchema,
)

blp = Blueprint("balances", __name__, url_prefix="/api/v1/balances", description="Customer balances.")
LEDGER = "<any(store_credit, on_account, loyalty_points):ledger>"
SORT_KEYS = ("created_at",)  # the repository knows the column


@blp.route("/<uuid:customer_id>")
@requires("balance", "VIEW", owner=path("customer_id"))
@blp.response(200, BalancesSchema)
def balances(customer_id):
    """The customer's three balances (a ledger never posted to reads as zero)"""
    return {"customer_id": customer_id, "items": use_cases.read_balances(uow(), customer_id)}


@blp.route(f"/<uuid:customer_id>/{LEDGER}")
@requires("balance", "VIEW", owner=path("customer_id"))
@blp.response(200, AccountSchema)
def account(customer_id, ledger):
    """One ledger's balance, credit limit and what is available"""
    return versioned(use_cases.read_account(uow(), customer_id, ledger))


@blp.route("/<uuid:customer_id>/on_account/credit-limit", methods=["PUT"])
@requires("balance", "EDIT", owner=GLOBAL, staff_only=True)  # money: back-office administrators only
@blp.arguments(CreditLimitSchema)
@blp.response(200, AccountSchema)
def credit_limit(data, customer_id):
    """Set the on_account credit limit (If-Match with the account's ETag; never posted to is "0")"""
    return versioned(use_cases.set_credit_limit(uow(), customer_id, data, expected_version()))


@blp.route(f"/<uuid:customer_id>/{LEDGER}/entries", methods=["POST"])
@requires("balance", "CREATE", owner=GLOBAL, staff_only=True)  # money: back-office administrators only
@blp.arguments(PostingSchema)
@blp.response(201, EntrySchema)
def post_entry(posting, customer_id, ledger):
    """Post an entry (amount > 0 credits, < 0 charges); a retry with the same Idempotency-Key
    returns the original entry"""
    entry, replayed = use_cases.post_entry(uow(), customer_id, ledger, posting, request.headers.get("Idempotency-Key"))
    return entry, 201, {"Idempotent-Replayed": "true" if replayed else "false"}


@blp.route(f"/<uuid:customer_id>/{LEDGER}/entries", methods=["GET"], endpoint="list_entries")
@requires("balance", "VIEW", owner=path("customer_id"))
@blp.arguments(EntryListArgsSchema, location="query")
@blp.response(200, EntryPageSchema)
def entries(args, customer_id, ledger):
    """The ledger's history, newest first"""
    sort = parse_sort(None, SORT_KEYS, "-created_at")  # no ?sort= offered
    items, next_cursor = use_cases.list_entries(uow(), customer_id, ledger, sort, args["limit"], args.get("cursor"))
    return {"items": items, "next_cursor": next_cursor}
