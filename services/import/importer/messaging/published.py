"""The events this service publishes (asyncapi.yaml): `import_job.started` and
`import_job.completed` carry the job as GET shows it; the batches it asks of the owning services
are `import_batch.<entity>.requested` (b2b_shared.messaging.import_batches)."""
from __future__ import annotations

from b2b_shared.messaging.export_pages import page_requested
from b2b_shared.messaging.import_batches import requested
from marshmallow import Schema, fields

from ..domain import events
from ..domain.export_job import ExportJob
from ..domain.model import ImportJob
from ..domain.templates import ENTITIES, EXPORTABLE

EVENT_TYPES = (events.IMPORT_JOB_STARTED, events.IMPORT_JOB_COMPLETED, events.EXPORT_JOB_COMPLETED,
               *(requested(e) for e in ENTITIES), *(page_requested(e) for e in EXPORTABLE))


class ImportJobData(Schema):
    id = fields.UUID()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    user_id = fields.UUID()
    entity = fields.String()
    mode = fields.String()
    status = fields.String()
    file_name = fields.String()
    total_rows = fields.Integer()
    processed_rows = fields.Integer()
    created = fields.Integer()
    updated = fields.Integer()
    unchanged = fields.Integer()
    failed = fields.Integer()
    progress = fields.Float()
    detail = fields.String(allow_none=True)
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)


class ExportJobData(Schema):
    id = fields.UUID()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    user_id = fields.UUID()
    entity = fields.String()
    filters = fields.Dict()
    status = fields.String()
    rows = fields.Integer()
    pages = fields.Integer()
    detail = fields.String(allow_none=True)
    file_name = fields.String()
    finished_at = fields.DateTime(allow_none=True)


job_data = ImportJobData().dump
export_data = ExportJobData().dump
SERIALIZERS = {ImportJob: job_data, ExportJob: export_data}
