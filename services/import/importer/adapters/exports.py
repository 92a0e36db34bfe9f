"""Export jobs and their pages: the export use cases' way into the session."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

from b2b_shared.db.paging import keyset_page
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from ..domain.export_job import ExportJob
from .tables import export_pages

EXPORT_SORTS = {"created_at": ExportJob.created_at}


class ExportRepository:
    def __init__(self, session):
        self.session = session

    def add(self, job: ExportJob) -> None:
        self.session.add(job)

    def get(self, job_id: uuid.UUID, for_update: bool = False) -> ExportJob | None:
        return self.session.get(ExportJob, job_id, with_for_update=for_update or None)

    def page(self, condition, sort, limit: int, cursor: str | None):
        stmt = select(ExportJob).where(condition)
        return keyset_page(self.session, stmt, sort.on(EXPORT_SORTS[sort.field]), ExportJob.id, limit, cursor)

    def add_page(self, job_id: uuid.UUID, page: int, content: str) -> bool:
        """False when the page was written before (an answer delivered twice)."""
        stmt = insert(export_pages).values(job_id=job_id, page=page, content=content).on_conflict_do_nothing()
        return self.session.execute(stmt.returning(export_pages.c.page)).first() is not None

    def contents(self, job_id: uuid.UUID) -> Iterator[str]:
        stmt = (select(export_pages.c.content).where(export_pages.c.job_id == job_id)
                .order_by(export_pages.c.page).execution_options(yield_per=20))
        for (content,) in self.session.execute(stmt):
            yield content
