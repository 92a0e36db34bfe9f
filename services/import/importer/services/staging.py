"""The worker's use case: take a queued job, read its file, order its rows, and stage its batches;
the first level's batches go to the owning service now (as outbox rows, in the same transaction),
the next levels' when the answers of the one before are in (services/answers.py).

The whole of it is one transaction: a worker killed halfway leaves the job queued, and the next
worker stages it from the start. Nothing was sent, so nothing is applied twice. The file is read as
a stream (once to plan its levels in PostgreSQL, adapters/plans.py, once to stage it) and batches
are written as they fill, so a worker's memory hardly grows with the file (bench/import_worker_memory.py)."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.import_batches import requested

from ..adapters.plans import plan_in_database
from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.csv_reading import Row, iter_rows
from ..domain.model import Base, ImportJob
from ..domain.ordering import REFUSED, Plan
from ..domain.templates import Template, template_for

SENT_AT_ONCE = 20  # batches read back and written to the outbox together


def stage_next(uow: ImportUnitOfWork, batch_rows: int, max_rows: int) -> bool:
    """Stage one queued job, if there is one; False when there was none."""
    with uow:
        job = uow.jobs.claim_queued()
        if job is None:
            return False
        template = template_for(job.entity)
        rows = lambda: iter_rows(uow.jobs.content(job.id), template, max_rows)  # noqa: E731 - read afresh by each pass
        try:
            plan = plan_in_database(uow.session, rows(), template.key, template.parent)
            if not plan.total:
                raise ValidationFailed({"file": ["The file has a header but no rows."]})
        except ValidationFailed as refused:
            job.fail(" ".join(message for messages in refused.errors.values() for message in messages))
            uow.commit()
            return True
        # validate and dry_run write nothing, so no level waits for the one above: all go at once
        at_once = _names_pending_parents(job, template, plan)
        job.start(total_rows=plan.total, levels=1 if at_once else plan.levels)
        job.count(["failed"] * len(plan.refused))
        _write_batches(uow, job, template, rows(), plan, batch_rows)
        uow.jobs.drop_content(job.id)  # the rows live on in the batches; the file is not kept twice
        if not send_level(uow, job, 0):
            job.complete()
        uow.commit()
        return True


def _write_batches(uow: ImportUnitOfWork, job: ImportJob, template: Template, rows, plan: Plan,
                   batch_rows: int) -> None:
    """One pass over the rows: each goes to its level's batch (written when full) or, refused, to
    the job's row results with its cells (the error report shows them)."""
    pending = _names_pending_parents(job, template, plan)
    batches = _BatchWriter(uow, job, batch_rows, pending)
    refused = []
    for place, row in enumerate(rows):
        if plan.level_of[place] == REFUSED:
            refused.append({"row": row.number, "outcome": "failed", "errors": plan.refused[row.number],
                            "cells": row.cells})
        else:
            batches.add(plan.level_of[place], row, template)
        if len(refused) >= batch_rows:
            uow.rows.add_all(job.id, refused)
            refused = []
    uow.rows.add_all(job.id, refused)
    batches.close()


def _names_pending_parents(job: ImportJob, template: Template, plan: Plan) -> bool:
    """In validate and dry_run nothing is written, so a row's parent defined in the same file cannot
    be found by the owner: the command names such parents, taken to exist."""
    return job.mode != "import" and template.parent is not None and plan.levels > 1


class _BatchWriter:
    def __init__(self, uow: ImportUnitOfWork, job: ImportJob, size: int, pending: bool):
        self._uow, self._job, self._size, self._pending = uow, job, size, pending
        self._open: dict[int, list[Row]] = {}
        self._parents: dict[int, set[str]] = {}
        self._number = 0

    def add(self, level: int, row: Row, template: Template) -> None:
        """With parents pending (validate, dry_run), every row goes in the first level's batches,
        naming the parents it takes to exist."""
        batch_level = 0 if self._pending else level
        rows = self._open.setdefault(batch_level, [])
        rows.append(row)
        if self._pending and level > 0:
            self._parents.setdefault(batch_level, set()).add(row.cells.get(template.parent, "").strip())
        if len(rows) >= self._size:
            self._write(batch_level)

    def close(self) -> None:
        for level in sorted(self._open):
            if self._open[level]:
                self._write(level)

    def _write(self, level: int) -> None:
        rows, parents = self._open.pop(level), self._parents.pop(level, set())
        job = self._job
        command = {"job_id": str(job.id), "batch": self._number, "entity": job.entity, "mode": job.mode,
                   "actor_id": str(job.user_id), "rows": [{"row": row.number, "cells": row.cells} for row in rows],
                   "pending_keys": sorted(parents - {""})}
        self._uow.batches.add_all(job.id, [(self._number, level, command)])
        self._number += 1


def send_level(uow: ImportUnitOfWork, job: ImportJob, level: int) -> int:
    """Write the level's batches into the outbox, a few at a time; how many there were."""
    sent = 0
    while commands := uow.batches.take_level(job.id, level, SENT_AT_ONCE):
        for command in commands:
            uow.emit(Base.metadata, requested(job.entity), str(job.id), command)
        uow.write_events()  # into the outbox now, in this transaction: memory stays flat
        sent += len(commands)
    return sent
