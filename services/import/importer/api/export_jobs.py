"""/api/v1/export-jobs: export a filtered or selected list to CSV asynchronously, follow it,
download the file (in the import template's columns: it imports back unchanged)."""
from __future__ import annotations

from b2b_shared.http.access import LIST, RECORD, access, requires
from b2b_shared.http.blueprint import Blueprint
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask import Response, stream_with_context
from flask.views import MethodView

from ..services import exports as use_cases
from .export_schemas import (
    ExportJobListArgsSchema,
    ExportJobPageSchema,
    ExportJobSchema,
    ExportRequestSchema,
)

blp = Blueprint("export_jobs", __name__, url_prefix="/api/v1/export-jobs",
                description="Exports to CSV, written page by page by the owning service.")


@blp.route("")
class ExportJobCollection(MethodView):
    @requires("import_job", "VIEW", owner=LIST)
    @blp.arguments(ExportJobListArgsSchema, location="query")
    @blp.response(200, ExportJobPageSchema)
    def get(self, args):
        """List export jobs (your own; administrators see all)"""
        sort = parse_sort(args["sort"], ("created_at",), "-created_at")
        items, next_cursor = use_cases.list_exports(uow(), access(), sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("import_job", "CREATE", owner=LIST)
    @blp.arguments(ExportRequestSchema)
    @blp.response(202, ExportJobSchema)
    def post(self, request):
        """Start an export of the filtered or selected list of any importable entity"""
        job = use_cases.submit_export(uow(), access(), request["entity"], request["filters"])
        return versioned(job, 202, f"/api/v1/export-jobs/{job.id}")


@blp.route("/<uuid:job_id>")
class ExportJobItem(MethodView):
    @requires("import_job", "VIEW", owner=RECORD)
    @blp.response(200, ExportJobSchema)
    def get(self, job_id):
        """Read an export job: status and rows written"""
        return versioned(use_cases.get_export(uow(), access(), job_id))


@blp.route("/<uuid:job_id>/cancel")
class ExportJobCancel(MethodView):
    @requires("import_job", "EDIT", owner=RECORD)
    @blp.response(200, ExportJobSchema)
    def post(self, job_id):
        """Cancel an export job"""
        return versioned(use_cases.cancel_export(uow(), access(), job_id))


@blp.route("/<uuid:job_id>/file")
class ExportJobFile(MethodView):
    @requires("import_job", "VIEW", owner=RECORD)
    @blp.response(200, content_type="text/csv")
    def get(self, job_id):
        """Download the exported CSV (409 until the job is completed)"""
        job, chunks = use_cases.export_file(uow(streamed=True), access(), job_id)
        return Response(stream_with_context(chunks), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{job.file_name}"'})
