"""/api/v1/customers/{id}/contacts: the customer's contact persons. Part of the customer record:
whoever may read the customer reads them, whoever may edit it edits them (its own users included,
domain/back_office.py)."""
from __future__ import annotations

from b2b_shared.http.access import path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import contacts as use_cases
from .schemas import ContactListArgsSchema, ContactListSchema, ContactPatchSchema, ContactSchema

blp = Blueprint("contacts", __name__, url_prefix="/api/v1/customers/<uuid:customer_id>/contacts",
                description="A customer's contact persons, with at most one primary contact.")


@blp.route("")
class ContactCollection(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"))
    @blp.arguments(ContactListArgsSchema, location="query")
    @blp.response(200, ContactListSchema)
    def get(self, args, customer_id):
        """List a customer's contacts, the primary first; q searches names, emails and phone numbers"""
        return {"items": use_cases.list_contacts(uow(), customer_id, args.get("q"))}

    @requires("customer", "EDIT", owner=path("customer_id"))
    @blp.arguments(ContactSchema)
    @blp.response(201, ContactSchema)
    def post(self, data, customer_id):
        """Add a contact; a new primary contact takes the flag from the previous one"""
        contact = use_cases.add_contact(uow(), customer_id, data)
        return versioned(contact, 201, f"/api/v1/customers/{customer_id}/contacts/{contact.id}")


@blp.route("/<uuid:contact_id>")
class ContactItem(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"))
    @blp.response(200, ContactSchema)
    def get(self, customer_id, contact_id):
        """Read a contact"""
        return versioned(use_cases.read_contact(uow(), customer_id, contact_id))

    @requires("customer", "EDIT", owner=path("customer_id"))
    @blp.arguments(ContactPatchSchema(partial=True))
    @blp.response(200, ContactSchema)
    def patch(self, changes, customer_id, contact_id):
        """Change a contact (If-Match required)"""
        return versioned(use_cases.update_contact(uow(), customer_id, contact_id, changes, expected_version()))

    @requires("customer", "EDIT", owner=path("customer_id"))
    @blp.response(204)
    def delete(self, customer_id, contact_id):
        """Delete a contact (If-Match required)"""
        use_cases.delete_contact(uow(), customer_id, contact_id, expected_version())
