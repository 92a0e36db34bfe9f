"""/api/v1/customers: create, list and search, read, change, delete, export."""
from __future__ import annotations

from b2b_shared.http.access import RECORD, access, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask import Response, stream_with_context
from flask.views import MethodView

from ..adapters.repository import CustomerFilters
from ..services import customers as use_cases
from ..services.export import export_csv
from .schemas import (
    CUSTOMER_SORT_KEYS,
    CustomerExportArgsSchema,
    CustomerListArgsSchema,
    CustomerPageSchema,
    CustomerPatchSchema,
    CustomerSchema,
)

blp = Blueprint("customers", __name__, url_prefix="/api/v1/customers", description="Customers: the businesses and consumers that buy.")
SORT_KEYS = CUSTOMER_SORT_KEYS


def filters_from(args: dict) -> CustomerFilters:
    """The query's filters, always narrowed to the customers the caller may see."""
    ids, tags = args.get("ids"), args.get("tag")
    given = {k: v for k, v in args.items() if k in CustomerFilters.__dataclass_fields__ and k not in ("ids", "tag")}
    return CustomerFilters(**given, ids=tuple(ids) if ids else None, tag=tuple(tags) if tags else None,
                           within=access())


@blp.route("")
class CustomerCollection(MethodView):
    @requires("customer", "VIEW")
    @blp.arguments(CustomerListArgsSchema, location="query")
    @blp.response(200, CustomerPageSchema)
    def get(self, args):
        """List customers, filtered, sorted and paged"""
        sort = parse_sort(args["sort"], SORT_KEYS, "name")
        items, next_cursor = use_cases.list_customers(uow(), filters_from(args), sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("customer", "CREATE", owner=RECORD)
    @blp.arguments(CustomerSchema)
    @blp.response(201, CustomerSchema)
    def post(self, data):
        """Create a customer (a subsidiary of one the caller may reach; a root: administrators only)"""
        customer = use_cases.create_customer(uow(), access(), data)
        return versioned(customer, 201, f"/api/v1/customers/{customer.id}")


@blp.route("/export")
@requires("customer", "VIEW")
@blp.arguments(CustomerExportArgsSchema, location="query")
@blp.response(200, content_type="text/csv")
def export(args):
    """Export the filtered or selected customers as CSV in the import template's columns"""
    chunks = export_csv(uow(streamed=True), filters_from(args))
    headers = {"Content-Disposition": 'attachment; filename="customers.csv"'}
    return Response(stream_with_context(chunks), mimetype="text/csv", headers=headers)


@blp.route("/<uuid:customer_id>")
class CustomerItem(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"))
    @blp.response(200, CustomerSchema)
    def get(self, customer_id):
        """Read a customer"""
        return versioned(use_cases.read_customer(uow(), customer_id))

    @requires("customer", "EDIT", owner=path("customer_id"))
    @blp.arguments(CustomerPatchSchema(partial=True))
    @blp.response(200, CustomerSchema)
    def patch(self, changes, customer_id):
        """Change some of a customer's fields (If-Match required); parent_id moves it"""
        return versioned(use_cases.update_customer(uow(), access(), customer_id, changes, expected_version()))

    @requires("customer", "DELETE", owner=path("customer_id"))
    @blp.response(204)
    def delete(self, customer_id):
        """Delete a customer that has no subsidiaries (If-Match required)"""
        use_cases.delete_customer(uow(), customer_id, expected_version())
