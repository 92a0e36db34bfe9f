"""/api/v1/customers/{id}/notes: what staff wrote about a customer, newest first; changed or deleted
by its author or an administrator."""
from __future__ import annotations

from b2b_shared.http.access import access, path, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.etag import expected_version
from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.resources import uow, versioned
from flask.views import MethodView

from ..services import notes as use_cases
from .schemas import NotePageSchema, NotePatchSchema, NoteSchema

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
        """Add a note to a customer; its author is the caller"""
        note = use_cases.add_note(uow(), access(), customer_id, data)
        return versioned(note, 201, f"/api/v1/customers/{customer_id}/notes/{note.id}")


@blp.route("/<uuid:note_id>")
class NoteItem(MethodView):
    @requires("customer", "VIEW", owner=path("customer_id"), staff_only=True)
    @blp.response(200, NoteSchema)
    def get(self, customer_id, note_id):
        """Read a note"""
        return versioned(use_cases.read_note(uow(), customer_id, note_id))

    @requires("customer", "EDIT", owner=path("customer_id"), staff_only=True)
    @blp.arguments(NotePatchSchema(partial=True))
    @blp.response(200, NoteSchema)
    def patch(self, changes, customer_id, note_id):
        """Change a note: its author or an administrator (If-Match required)"""
        return versioned(use_cases.update_note(uow(), access(), customer_id, note_id, changes, expected_version()))

    @requires("customer", "EDIT", owner=path("customer_id"), staff_only=True)
    @blp.response(204)
    def delete(self, customer_id, note_id):
        """Delete a note: its author or an administrator (If-Match required)"""
        use_cases.delete_note(uow(), access(), customer_id, note_id, expected_version())
