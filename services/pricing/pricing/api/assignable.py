"""Routes that payment terms and tax codes share: the resource, its assignments to a customer
or group, and the effective one. Written once, mounted twice (api/payment_terms.py, api/tax_codes.py)."""
from __future__ import annotations

from dataclasses import dataclass

from b2b_shared.http.access import GLOBAL, LIST, RECORD, access, requires
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import ListArgsSchema, parse_sort
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from ..services import crud
from ..services import terms as use_cases
from .deps import config
from .terms_schemas import AssignmentListArgsSchema, EffectiveArgsSchema


@dataclass(frozen=True)
class Schemas:
    read: type
    patch: type
    page: type
    effective: type


# What a customer user needs to read its own effective term or code (the rest is staff only).
EFFECTIVE_PERMISSION = {"payment_term": "payment_term", "tax_code": "customer"}


def resource_routes(blp: Blueprint, kind: use_cases.Kind, schemas: Schemas, sort_field: str) -> None:
    sort_columns = {sort_field: getattr(kind.model, sort_field)}
    staff = lambda action: requires(kind.name, action, owner=GLOBAL, staff_only=True)  # noqa: E731

    @blp.route("", endpoint="collection")
    class Collection(MethodView):
        @staff("VIEW")
        @blp.arguments(ListArgsSchema, location="query")
        @blp.response(200, schemas.page)
        def get(self, args):
            """List them"""
            sort = parse_sort(sort_field, sort_columns, sort_field)
            items, cursor = crud.page(uow(), select(kind.model), sort, kind.model.id, args["limit"],
                                      args.get("cursor"))
            return {"items": items, "next_cursor": cursor}

        @staff("CREATE")
        @blp.arguments(schemas.read)
        @blp.response(201, schemas.read)
        def post(self, data):
            """Create one"""
            return versioned(use_cases.create(uow(), kind, data), 201)

    @blp.route("/<uuid:resource_id>", endpoint="item")
    class Item(MethodView):
        @staff("VIEW")
        @blp.response(200, schemas.read)
        def get(self, resource_id):
            """Read one"""
            return versioned(crud.read(uow(), kind.model, resource_id))

        @staff("EDIT")
        @blp.arguments(schemas.patch)
        @blp.response(200, schemas.read)
        def patch(self, changes, resource_id):
            """Change one (If-Match required)"""
            return versioned(use_cases.update(uow(), kind, resource_id, changes, expected_version()))

        @staff("DELETE")
        @blp.response(204)
        def delete(self, resource_id):
            """Delete one that is not assigned (If-Match required)"""
            use_cases.delete(uow(), kind, resource_id, expected_version())

    @blp.route("/effective")
    @requires(EFFECTIVE_PERMISSION[kind.name], "VIEW", owner=RECORD)
    @blp.arguments(EffectiveArgsSchema, location="query")
    @blp.response(200, schemas.effective)
    def effective(args):
        """The customer's effective one and where it comes from: customer, parent_customer, customer_group"""
        found, source = use_cases.effective_for(uow(), access(), kind, args["customer_id"], config().inherit_parent)
        return {"customer_id": args["customer_id"], kind.name: found, "source": source}


def assignment_routes(blp: Blueprint, kind: use_cases.Kind, schemas: Schemas, prefix: str = "") -> None:
    """Back office only; a customer-level assignment is its customer's (services/targets.py)."""
    sort_columns = {"created_at": kind.assignment.created_at}
    staff = lambda action, owner=RECORD: requires(kind.name, action, owner=owner, staff_only=True)  # noqa: E731

    @blp.route(prefix or "", endpoint="assignment_collection")
    class Collection(MethodView):
        @staff("VIEW", owner=LIST)
        @blp.arguments(AssignmentListArgsSchema, location="query")
        @blp.response(200, schemas.page)
        def get(self, args):
            """List assignments (?level=, ?target_id=)"""
            sort = parse_sort("created_at", sort_columns, "created_at")
            items, cursor = use_cases.list_assignments(uow(), access(), kind, args, sort, args["limit"],
                                                       args.get("cursor"))
            return {"items": items, "next_cursor": cursor}

        @staff("ASSIGN")
        @blp.arguments(schemas.read)
        @blp.response(201, schemas.read)
        def post(self, data):
            """Assign to a customer or a customer group (one per target)"""
            return versioned(use_cases.assign(uow(), access(), kind, data), 201)

    @blp.route(f"{prefix}/<uuid:assignment_id>", endpoint="assignment_item")
    class Item(MethodView):
        @staff("VIEW")
        @blp.response(200, schemas.read)
        def get(self, assignment_id):
            """Read an assignment"""
            return versioned(use_cases.read_assignment(uow(), access(), kind, assignment_id))

        @staff("ASSIGN")
        @blp.arguments(schemas.patch)
        @blp.response(200, schemas.read)
        def patch(self, changes, assignment_id):
            """Point the assignment at another one (If-Match required)"""
            return versioned(use_cases.reassign(uow(), access(), kind, assignment_id, changes, expected_version()))

        @staff("ASSIGN")
        @blp.response(204)
        def delete(self, assignment_id):
            """Remove an assignment (If-Match required)"""
            use_cases.unassign(uow(), access(), kind, assignment_id, expected_version())
