"""Import job use cases for people: submit a file, follow it, read its rows, cancel it.

A job belongs to the user who submitted it; an unrestricted caller (a back-office administrator)
sees every job. Starting one needs the right to create and edit the rows of its entity
(services/rights.py): the owning service checks the same again for every batch, as the user is then."""
from __future__ import annotations

import uuid

from b2b_shared.http.access import Access

from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.csv_reading import check_header
from ..domain.model import ImportJob
from ..domain.templates import template_for
from .ownership import owned, visible_to
from .rights import check_may_import


def submit(uow: ImportUnitOfWork, access: Access, entity: str, mode: str, file_name: str,
           content: bytes) -> ImportJob:
    check_may_import(access, entity)
    check_header(content, template_for(entity))  # refused at once, before anything is kept
    with uow:
        job = ImportJob.submit(access.principal.user_id, entity, mode, file_name)
        uow.jobs.add(job, content)
        uow.commit()
        return job


def read_job(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID, for_update: bool = False) -> ImportJob:
    return owned(uow.jobs.get(job_id, for_update=for_update), access, "Import job", job_id)


def get_job(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID) -> ImportJob:
    with uow:
        return read_job(uow, access, job_id)


def list_jobs(uow: ImportUnitOfWork, access: Access, sort, limit: int, cursor: str | None):
    with uow:
        return uow.jobs.page(visible_to(access, ImportJob.user_id), sort, limit, cursor)


def cancel_job(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID) -> ImportJob:
    """Batches not sent yet are never sent; what the owner applied already stays, and is counted."""
    with uow:
        job = read_job(uow, access, job_id, for_update=True)
        job.cancel()
        uow.commit()
        return job


def row_page(uow: ImportUnitOfWork, access: Access, job_id: uuid.UUID, outcome: str | None, after_row: int,
             limit: int) -> tuple[list, int | None]:
    with uow:
        read_job(uow, access, job_id)
        rows = uow.rows.page(job_id, outcome, after_row, limit + 1)
    return rows[:limit], (rows[limit - 1].row if len(rows) > limit else None)
