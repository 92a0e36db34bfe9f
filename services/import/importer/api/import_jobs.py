"""/api/v1/import-jobs: upload a CSV to validate, dry-run or import, follow it, read its rows and
its error report, cancel it."""
from __future__ import annotations

from b2b_shared.http.access import LIST, RECORD, access, requires
from b2b_shared.http.pagination import parse_sort
from b2b_shared.http.resources import uow, versioned
from flask import Response, stream_with_context
from flask.views import MethodView

from ..services import jobs as use_cases
from ..services.reports import error_report
from .schemas import (
    ImportFormSchema,
    ImportJobListArgsSchema,
    ImportJobPageSchema,
    ImportJobSchema,
    RowArgsSchema,
    RowPageSchema,
)
from .upload import UploadBlueprint

blp = UploadBlueprint("import_jobs", __name__, url_prefix="/api/v1/import-jobs",
                description="Bulk import of CSV files, validated and applied by the owning services.")


@blp.route("")
class ImportJobCollection(MethodView):
    @requires("import_job", "VIEW", owner=LIST)
    @blp.arguments(ImportJobListArgsSchema, location="query")
    @blp.response(200, ImportJobPageSchema)
    def get(self, args):
        """List import jobs (your own; administrators see all)"""
        sort = parse_sort(args["sort"], ("created_at",), "-created_at")
        items, next_cursor = use_cases.list_jobs(uow(), access(), sort, args["limit"], args.get("cursor"))
        return {"items": items, "next_cursor": next_cursor}

    @requires("import_job", "CREATE", owner=LIST)
    @blp.arguments(ImportFormSchema, location="files")
    @blp.response(202, ImportJobSchema)
    def post(self, form):
        """Upload a CSV and start a job (validate, dry_run or import)"""
        upload = form["file"]
        job = use_cases.submit(uow(), access(), form["entity"], form["mode"], upload.filename or "upload.csv",
                               upload.read())
        return versioned(job, 202, f"/api/v1/import-jobs/{job.id}")


@blp.route("/<uuid:job_id>")
class ImportJobItem(MethodView):
    @requires("import_job", "VIEW", owner=RECORD)
    @blp.response(200, ImportJobSchema)
    def get(self, job_id):
        """Read an import job: status, counts, progress and time left"""
        return versioned(use_cases.get_job(uow(), access(), job_id))


@blp.route("/<uuid:job_id>/cancel")
class ImportJobCancel(MethodView):
    @requires("import_job", "EDIT", owner=RECORD)
    @blp.response(200, ImportJobSchema)
    def post(self, job_id):
        """Cancel an import job: batches not sent yet are never sent"""
        return versioned(use_cases.cancel_job(uow(), access(), job_id))


@blp.route("/<uuid:job_id>/rows")
class ImportJobRows(MethodView):
    @requires("import_job", "VIEW", owner=RECORD)
    @blp.arguments(RowArgsSchema, location="query")
    @blp.response(200, RowPageSchema)
    def get(self, args, job_id):
        """Each row's outcome: created, updated (with the changed columns), unchanged or failed"""
        items, last = use_cases.row_page(uow(), access(), job_id, args.get("outcome"), args["after_row"],
                                         args["limit"])
        return {"items": items, "next_cursor": str(last) if last is not None else None}


@blp.route("/<uuid:job_id>/errors")
class ImportJobErrors(MethodView):
    @requires("import_job", "VIEW", owner=RECORD)
    @blp.response(200, content_type="text/csv")
    def get(self, job_id):
        """The error report: one CSV line per problem (row, column, message, value)"""
        chunks = error_report(uow(streamed=True), access(), job_id)
        first = next(chunks)  # a 404 is raised here, before the 200 is sent
        body = stream_with_context(_then(first, chunks))
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="import-{job_id}-errors.csv"'})


def _then(first: str, rest):
    yield first
    yield from rest
