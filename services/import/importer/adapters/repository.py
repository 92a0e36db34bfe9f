"""The import service's repositories: the use cases' only way into the session."""
from __future__ import annotations

import uuid
from collections.abc import Iterator

from b2b_shared.db.paging import keyset_page
from sqlalchemy import func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.orm import Session

from ..domain.model import FINISHED, QUEUED, ImportJob
from .files import StoredFile, keep
from .tables import batches, files, row_results, user_emails

JOB_SORTS = {"created_at": ImportJob.created_at}


class JobRepository:
    def __init__(self, session: Session):
        self.session = session

    def add(self, job: ImportJob, content: bytes) -> None:
        self.session.add(job)
        self.session.flush()
        keep(self.session, job.id, content)

    def get(self, job_id: uuid.UUID, for_update: bool = False) -> ImportJob | None:
        return self.session.get(ImportJob, job_id, with_for_update=for_update or None)

    def page(self, condition, sort, limit: int, cursor: str | None):
        stmt = select(ImportJob).where(condition)
        return keyset_page(self.session, stmt, sort.on(JOB_SORTS[sort.field]), ImportJob.id, limit, cursor)

    def claim_queued(self) -> ImportJob | None:
        """A queued job no other worker holds; the lock lasts until this transaction ends."""
        stmt = (select(ImportJob).where(ImportJob.status == QUEUED).order_by(ImportJob.created_at)
                .limit(1).with_for_update(skip_locked=True))
        return self.session.scalars(stmt).first()

    def content(self, job_id: uuid.UUID) -> StoredFile:
        """The uploaded file as a stream; each call reads it from the start."""
        return StoredFile(self.session, job_id)

    def drop_content(self, job_id: uuid.UUID) -> None:
        self.session.execute(files.delete().where(files.c.job_id == job_id))

    def unnotified(self) -> ImportJob | None:
        stmt = (select(ImportJob).where(ImportJob.status.in_(FINISHED), ImportJob.notified_at.is_(None))
                .order_by(ImportJob.finished_at).limit(1).with_for_update(skip_locked=True))
        return self.session.scalars(stmt).first()

    def email_of(self, user_id: uuid.UUID) -> str | None:
        return self.session.scalar(select(user_emails.c.email).where(user_emails.c.user_id == user_id))

    def remember_email(self, user_id: uuid.UUID, email: str, version: int) -> None:
        stmt = upsert(user_emails).values(user_id=user_id, email=email, version=version)
        self.session.execute(stmt.on_conflict_do_update(
            index_elements=[user_emails.c.user_id], set_={"email": email, "version": version},
            where=user_emails.c.version < version))


class BatchRepository:
    def __init__(self, session: Session):
        self.session = session

    def add_all(self, job_id: uuid.UUID, staged: list[tuple[int, int, dict]]) -> None:
        """(batch, level, command) for every batch of the job."""
        if staged:
            self.session.execute(insert(batches), [{"job_id": job_id, "batch": batch, "level": level,
                                                    "command": command} for batch, level, command in staged])

    def take_level(self, job_id: uuid.UUID, level: int, limit: int) -> list[dict]:
        """Up to `limit` of the level's pending commands, marked sent in the same transaction as
        their outbox rows."""
        chosen = (select(batches.c.batch).where(batches.c.job_id == job_id, batches.c.level == level,
                                                batches.c.state == "pending")
                  .order_by(batches.c.batch).limit(limit).scalar_subquery())
        stmt = (update(batches).where(batches.c.job_id == job_id, batches.c.batch.in_(chosen))
                .values(state="sent").returning(batches.c.command))
        return [command for (command,) in self.session.execute(stmt)]

    def answer(self, job_id: uuid.UUID, batch: int) -> dict | None:
        """The command of a batch answered now for the first time; None for a repeated answer."""
        stmt = (update(batches).where(batches.c.job_id == job_id, batches.c.batch == batch,
                                      batches.c.state == "sent")
                .values(state="answered").returning(batches.c.command))
        return self.session.execute(stmt).scalar()

    def unanswered(self, job_id: uuid.UUID, level: int) -> int:
        return self.session.scalar(select(func.count()).select_from(batches).where(
            batches.c.job_id == job_id, batches.c.level == level, batches.c.state != "answered"))


class RowResultRepository:
    def __init__(self, session: Session):
        self.session = session

    def add_all(self, job_id: uuid.UUID, results: list[dict]) -> None:
        if results:
            stmt = upsert(row_results).on_conflict_do_nothing()
            self.session.execute(stmt, [{"job_id": job_id, **result} for result in results])

    def page(self, job_id: uuid.UUID, outcome: str | None, after_row: int, limit: int) -> list:
        stmt = select(row_results).where(row_results.c.job_id == job_id, row_results.c.row > after_row)
        if outcome:
            stmt = stmt.where(row_results.c.outcome == outcome)
        return list(self.session.execute(stmt.order_by(row_results.c.row).limit(limit)))

    def failures(self, job_id: uuid.UUID, chunk: int = 1000) -> Iterator:
        stmt = (select(row_results).where(row_results.c.job_id == job_id, row_results.c.outcome == "failed")
                .order_by(row_results.c.row).execution_options(yield_per=chunk))
        yield from self.session.execute(stmt)
