"""What a person downloads: the template of an entity, and a job's error report.

Both are CSV; every cell that a spreadsheet would read as a formula is neutralised (OWASP "CSV
Injection"), including one whose formula starts after spaces or a line break."""
from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator

from b2b_shared.http.access import Access
from b2b_shared.spreadsheet import neutralise

from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.templates import template_for
from .jobs import read_job

REPORT_COLUMNS = ("row", "column", "message", "value")


def template_csv(entity: str, example: bool) -> str:
    template = template_for(entity)
    rows = [list(template.columns)]
    if example:
        rows.append([neutralise(template.example.get(column, "")) for column in template.columns])
    return _csv(rows)


def error_report(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID) -> Iterator[str]:
    """One line per problem (a row may have several), in file order; streamed."""
    with uow:
        read_job(uow, access, job_id)
    yield _csv([REPORT_COLUMNS])
    with uow:
        lines = []
        for result in uow.rows.failures(job_id):
            cells = result.cells or {}
            for column, messages in (result.errors or {}).items():
                for message in messages:
                    lines.append([result.row, column, neutralise(message), neutralise(cells.get(column, ""))])
            if len(lines) >= 1000:
                yield _csv(lines)
                lines = []
        yield _csv(lines)


def _csv(rows: list[list]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
