"""HTTP representations of import jobs, their rows and the upload form."""
from __future__ import annotations

from b2b_shared.http.pagination import ListArgsSchema
from b2b_shared.http.schemas import FastSchema
from b2b_shared.messaging.import_batches import MODES
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from ..domain.model import OUTCOMES
from ..domain.templates import ENTITIES


class ImportJobSchema(FastSchema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    user_id = fields.UUID(dump_only=True)
    entity = fields.String(dump_only=True)
    mode = fields.String(dump_only=True)
    status = fields.String(dump_only=True, metadata={
        "description": "queued, validating, importing, completed, completed_with_errors, failed or cancelled"})
    file_name = fields.String(dump_only=True)
    total_rows = fields.Integer(dump_only=True)
    processed_rows = fields.Integer(dump_only=True)
    created = fields.Integer(dump_only=True)
    updated = fields.Integer(dump_only=True)
    unchanged = fields.Integer(dump_only=True)
    failed = fields.Integer(dump_only=True)
    progress = fields.Float(dump_only=True, metadata={"description": "Percent of the rows processed."})
    seconds_left = fields.Float(dump_only=True, allow_none=True,
                                metadata={"description": "Estimated at the pace so far; null when unknown."})
    detail = fields.String(dump_only=True, allow_none=True)
    started_at = fields.DateTime(dump_only=True, allow_none=True)
    finished_at = fields.DateTime(dump_only=True, allow_none=True)


class ImportFormSchema(Schema):
    """The upload: form fields and the file in one multipart body (api/upload.py)."""
    file = Upload(required=True, metadata={"description": "The CSV, in the template's columns (UTF-8)."})
    entity = fields.String(required=True, validate=validate.OneOf(ENTITIES))
    mode = fields.String(load_default="import", validate=validate.OneOf(MODES),
                         metadata={"description": "validate: check every row, write nothing; dry_run: the "
                                                  "changes it would make, row by row; import: apply them."})


class ImportJobPageSchema(FastSchema):
    items = fields.List(fields.Nested(ImportJobSchema))
    next_cursor = fields.String(allow_none=True)


class ImportJobListArgsSchema(ListArgsSchema):
    sort = fields.String(validate=validate.OneOf(("created_at", "-created_at")), load_default="-created_at")


class RowResultSchema(FastSchema):
    row = fields.Integer()
    outcome = fields.String()
    entity_id = fields.String(allow_none=True)
    changes = fields.Dict(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), allow_none=True)


class RowPageSchema(FastSchema):
    items = fields.List(fields.Nested(RowResultSchema))
    next_cursor = fields.String(allow_none=True, metadata={"description": "Pass as `after_row`."})


class RowArgsSchema(Schema):
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    after_row = fields.Integer(load_default=0, validate=validate.Range(min=0))
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))


class TemplateArgsSchema(Schema):
    example = fields.Boolean(load_default=False, metadata={"description": "Add a filled example row."})
