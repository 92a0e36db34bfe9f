"""The events the import service records, by name (asyncapi.yaml is the contract)."""
from __future__ import annotations

IMPORT_JOB_STARTED = "import_job.started"
IMPORT_JOB_COMPLETED = "import_job.completed"  # completed, completed_with_errors, failed or cancelled
EXPORT_JOB_COMPLETED = "export_job.completed"  # completed, failed or cancelled, with its row count
