"""Export job use cases: ask the owner for the first page, append each page it answers and ask for
the next, serve the file. The job belongs to its user; an administrator sees every job."""
from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator

from b2b_shared.errors import Conflict
from b2b_shared.http.access import Access
from b2b_shared.messaging.export_pages import page_requested

from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.export_job import ExportJob
from ..domain.model import Base
from ..domain.templates import template_for
from .ownership import owned, visible_to
from .rights import check_may_export

PAGE_ROWS = 1000  # rows per page the owner answers: one transaction there, one row here


def submit_export(uow: ImportUnitOfWork, access: Access, entity: str, filters: dict) -> ExportJob:
    check_may_export(access, entity)
    with uow:
        job = ExportJob.submit(access.principal.user_id, entity, filters)
        uow.exports.add(job)
        _ask_for_page(uow, job, 0, None)
        uow.commit()
        return job


def record_page(uow: ImportUnitOfWork, answer: dict) -> None:
    """The consumer's part: append the page once, then ask for the next or finish."""
    with uow:
        job = uow.exports.get(uuid.UUID(answer["job_id"]), for_update=True)
        if job is None or job.finished or not uow.exports.add_page(job.id, answer["page"], _csv(answer["rows"])):
            return
        job.add_page(len(answer["rows"]))
        if answer.get("refused"):
            job.fail(answer["refused"])
        elif answer.get("next_cursor"):
            _ask_for_page(uow, job, answer["page"] + 1, answer["next_cursor"])
        else:
            job.complete()
        uow.commit()


def _ask_for_page(uow: ImportUnitOfWork, job: ExportJob, page: int, cursor: str | None) -> None:
    uow.emit(Base.metadata, page_requested(job.entity), str(job.id), {
        "job_id": str(job.id), "page": page, "entity": job.entity, "actor_id": str(job.user_id),
        "filters": job.filters, "cursor": cursor, "limit": PAGE_ROWS})


def read_export(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID, for_update: bool = False) -> ExportJob:
    return owned(uow.exports.get(job_id, for_update=for_update), access, "Export job", job_id)


def get_export(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID) -> ExportJob:
    with uow:
        return read_export(uow, access, job_id)


def list_exports(uow: ImportUnitOfWork, access: Access, sort, limit: int, cursor: str | None):
    with uow:
        return uow.exports.page(visible_to(access, ExportJob.user_id), sort, limit, cursor)


def cancel_export(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID) -> ExportJob:
    with uow:
        job = read_export(uow, access, job_id, for_update=True)
        job.cancel()
        uow.commit()
        return job


def export_file(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID) -> tuple[ExportJob, Iterator[str]]:
    """The job, and its file as chunks: the template's header, then each page in order (streamed)."""
    with uow:
        job = read_export(uow, access, job_id)
    if job.status != "completed":
        raise Conflict(f"The export is {job.status}; its file is there once it is completed.")
    return job, _file(uow, job)


def _file(uow: ImportUnitOfWork, job: ExportJob) -> Iterator[str]:
    yield _csv([list(template_for(job.entity).columns)])
    with uow:
        yield from uow.exports.contents(job.id)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
