"""The job's working tables, beside the ImportJob aggregate: the uploaded file, the batches waiting
for their level, each row's outcome, and the users' email addresses (from users-roles' events)."""
from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, String, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from ..domain.export_job import ExportJob  # noqa: F401 - export_pages refers to its table
from ..domain.model import Base


def _job_id() -> Column:
    return Column("job_id", UUID(as_uuid=True), ForeignKey("import_jobs.id", ondelete="CASCADE"), primary_key=True)


files = Table(
    "import_files", Base.metadata,
    _job_id(),
    Column("chunk", Integer, primary_key=True),  # a mebibyte each, in order (adapters/files.py)
    Column("content", LargeBinary, nullable=False),
)

# A batch is written when the file is staged and sent when its level comes; `answered` once its
# owner's answer is counted (the answer's row results and this flag commit together).
batches = Table(
    "import_batches", Base.metadata,
    _job_id(),
    Column("batch", Integer, primary_key=True),
    Column("level", Integer, nullable=False),
    Column("command", JSONB, nullable=False),
    Column("state", String(20), nullable=False, server_default="pending"),  # pending | sent | answered
)

row_results = Table(
    "import_row_results", Base.metadata,
    _job_id(),
    Column("row", Integer, primary_key=True),
    Column("outcome", String(20), nullable=False),
    Column("entity_id", Text),
    Column("changes", JSONB),
    Column("errors", JSONB),
    Column("cells", JSONB),  # the row as uploaded, for the error report's values
)

user_emails = Table(
    "import_user_emails", Base.metadata,
    Column("user_id", UUID(as_uuid=True), primary_key=True),
    Column("email", Text, nullable=False),
    Column("version", Integer, nullable=False),
)

# An export's file, a page at a time in page order: written as the owner answers, read as it downloads.
export_pages = Table(
    "export_pages", Base.metadata,
    Column("job_id", UUID(as_uuid=True), ForeignKey("export_jobs.id", ondelete="CASCADE"), primary_key=True),
    Column("page", Integer, primary_key=True),
    Column("content", Text, nullable=False),
)

# The customers' status, from customers' events: whether a customer user may act (its customer is
# active). Jobs belong to users, so no hierarchy is kept: the lineage is the customer alone.
customers = Table(
    "import_customers", Base.metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("lineage", ARRAY(UUID(as_uuid=True)), nullable=False),
    Column("status", String(20), nullable=False),
    Column("version", Integer, nullable=False),
)
