"""/api/v1/customers/{id}/addresses: the customer's address book."""
from __future__ import annotations

from b2b_shared.http.access import path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import addresses as use_cases
from .schemas import AddressListSchema, AddressPatchSchema, AddressSchema

blp = Blueprint("addresses", __name__, url_prefix="/api/v1/customers/<uuid:customer_id>/addresses",
                description="Customer address books: billing and shipping addresses with defaults.")


@blp.route("")
class AddressCollection(MethodView):
    @requires("customer_address", "VIEW", owner=path("customer_id"))
    @blp.response(200, AddressListSchema)
    def get(self, customer_id):
        """List a customer's addresses"""
        return {"items": use_cases.list_addresses(uow(), customer_id)}

    @requires("customer_address", "CREATE", owner=path("customer_id"))
    @blp.arguments(AddressSchema)
    @blp.response(201, AddressSchema)
    def post(self, data, customer_id):
        """Add an address; a new default takes the flag from the previous one"""
        address = use_cases.add_address(uow(), customer_id, data)
        return versioned(address, 201, f"/api/v1/customers/{customer_id}/addresses/{address.id}")


@blp.route("/<uuid:address_id>")
class AddressItem(MethodView):
    @requires("customer_address", "VIEW", owner=path("customer_id"))
    @blp.response(200, AddressSchema)
    def get(self, customer_id, address_id):
        """Read an address"""
        return versioned(use_cases.read_address(uow(), customer_id, address_id))

    @requires("customer_address", "EDIT", owner=path("customer_id"))
    @blp.arguments(AddressPatchSchema(partial=True))
    @blp.response(200, AddressSchema)
    def patch(self, changes, customer_id, address_id):
        """Change an address (If-Match required)"""
        return versioned(use_cases.update_address(uow(), customer_id, address_id, changes, expected_version()))

    @requires("customer_address", "DELETE", owner=path("customer_id"))
    @blp.response(204)
    def delete(self, customer_id, address_id):
        """Delete an address (If-Match required)"""
        use_cases.delete_address(uow(), customer_id, address_id, expected_version())
