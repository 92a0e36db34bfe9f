"""The customer hierarchy: children, ancestors (root first), descendants (with depth), move."""
from __future__ import annotations

import dataclasses

from b2b_shared.db.versioned import ANY
from b2b_shared.http.access import access, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import ListArgsSchema, parse_sort
from b2b_shared.http.resources import uow, versioned
from flask import request

from ..services import customers as use_cases
from .customers import SORT_KEYS, filters_from
from .schemas import (
    CustomerListArgsSchema,
    CustomerPageSchema,
    CustomerSchema,
    MoveSchema,
    RelativeListSchema,
    RelativePageSchema,
)

blp = Blueprint("hierarchy", __name__, url_prefix="/api/v1/customers", description="The customer hierarchy.")


@blp.route("/<uuid:customer_id>/children")
@requires("customer", "VIEW", owner=path("customer_id"))
@blp.arguments(CustomerListArgsSchema, location="query")
@blp.response(200, CustomerPageSchema)
def children(args, customer_id):
    """List a customer's direct subsidiaries"""
    use_cases.read_customer(uow(), customer_id)
    sort = parse_sort(args["sort"], SORT_KEYS, "name")
    filters = dataclasses.replace(filters_from(args), parent_id=customer_id)  # every filter of the list
    items, next_cursor = use_cases.list_customers(uow(), filters, sort, args["limit"], args.get("cursor"))
    return {"items": items, "next_cursor": next_cursor}


@blp.route("/<uuid:customer_id>/ancestors")
@requires("customer", "VIEW", owner=path("customer_id"))
@blp.response(200, RelativeListSchema)
def ancestors(customer_id):
    """List a customer's ancestors the caller may see, root first; depth counts up from the parent (1)"""
    return {"items": use_cases.ancestors(uow(), customer_id, access())}


@blp.route("/<uuid:customer_id>/descendants")
@requires("customer", "VIEW", owner=path("customer_id"))
@blp.arguments(ListArgsSchema, location="query")
@blp.response(200, RelativePageSchema)
def descendants(args, customer_id):
    """List the whole subtree below a customer with each one's depth (1 = child), by depth then name"""
    relatives, next_cursor = use_cases.descendants(uow(), customer_id, args["limit"], args.get("cursor"), access())
    return {"items": relatives, "next_cursor": next_cursor}


@blp.route("/<uuid:customer_id>/move", methods=["POST"])
@requires("customer", "EDIT", owner=path("customer_id"))
@blp.arguments(MoveSchema)
@blp.response(200, CustomerSchema)
def move(data, customer_id):
    """Move a customer under another parent, or make it a root with parent_id null (If-Match optional)"""
    expected = expected_version() if request.headers.get("If-Match") else ANY
    return versioned(use_cases.move_customer(uow(), access(), customer_id, data["parent_id"], expected))
