"""/api/v1/customers/{id}/notes: what staff wrote about a customer, newest first."""
from __future__ import annotations

from b2b_shared.http.access import path, requires
from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.resources import uow
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import notes as use_cases
from .schemas import NotePageSchema, NoteSchema

blp = Blueprint("notes", __name__, url_prefix="/api/v1/customers/<uuid:customer_id>/notes",
                description="Notes on a customer.")


@blp.route("")
class NoteCollection(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"), staff_only=True)  # internal: never shown to customers
    @blp.arguments(ListArgsSchema, location="query")
    @blp.response(200, NotePageSchema)
    def get(self, args, customer_id):
        """List a customer's notes, newest first"""
        items, next_cursor = use_cases.list_notes(uow(), customer_id, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("customer", "EDIT", owner=path("customer_id"), staff_only=True)
    @blp.arguments(NoteSchema)
    @blp.response(201, NoteSchema)
    def post(self, data, customer_id):
        """Add a note to a customer"""
        return use_cases.add_note(uow(), customer_id, data)
