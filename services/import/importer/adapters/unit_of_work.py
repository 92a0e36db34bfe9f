"""The import unit of work: one transaction, its repositories, its outbox rows."""
from __future__ import annotations

from b2b_shared.db.unit_of_work import UnitOfWork

from .exports import ExportRepository
from .repository import BatchRepository, JobRepository, RowResultRepository


class ImportUnitOfWork(UnitOfWork):
    def __enter__(self) -> "ImportUnitOfWork":
        super().__enter__()
        self.jobs = JobRepository(self.session)
        self.batches = BatchRepository(self.session)
        self.rows = RowResultRepository(self.session)
        self.exports = ExportRepository(self.session)
        return self
