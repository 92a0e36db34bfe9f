"""/api/v1/import-templates/{entity}: the CSV header a file must have (and an example row)."""
from __future__ import annotations

from b2b_shared.errors import NotFound
from b2b_shared.http.access import LIST, requires
from b2b_shared.http.blueprint import Blueprint
from flask import Response
from flask.views import MethodView

from ..domain.templates import TEMPLATES
from ..services.reports import template_csv
from .schemas import TemplateArgsSchema

blp = Blueprint("import_templates", __name__, url_prefix="/api/v1/import-templates",
                description="CSV templates: the columns an import reads and an export writes.")


@blp.route("/<string:entity>")
class ImportTemplate(MethodView):
    @requires("import_job", "VIEW", owner=LIST)
    @blp.arguments(TemplateArgsSchema, location="query")
    @blp.response(200, content_type="text/csv")
    def get(self, args, entity):
        """Download an entity's CSV template"""
        if entity not in TEMPLATES:
            raise NotFound(f"No template for {entity!r}; there are: {', '.join(TEMPLATES)}.")
        return Response(template_csv(entity, args["example"]), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{entity}-template.csv"'})
