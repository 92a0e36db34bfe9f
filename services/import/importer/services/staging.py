"""The worker's use case: take a queued job, read its file, order its rows, and stage its batches;
the first level's batches go to the owning service now (as outbox rows, in the same transaction),
the next levels' when the answers of the one before are in (services/answers.py).

The whole of it is one transaction: a worker killed halfway leaves the job queued, and the next
worker stages it from the start. Nothing was sent, so nothing is applied twice."""
from __future__ import annotations

from b2b_shared.errors import ValidationFailed
from b2b_shared.messaging.import_batches import requested

from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.csv_reading import Row, read_rows
from ..domain.model import Base, ImportJob
from ..domain.ordering import Ordered, order_rows
from ..domain.templates import Template, template_for


def stage_next(uow: ImportUnitOfWork, batch_rows: int, max_rows: int) -> bool:
    """Stage one queued job, if there is one; False when there was none."""
    with uow:
        job = uow.jobs.claim_queued()
        if job is None:
            return False
        template = template_for(job.entity)
        try:
            rows = read_rows(uow.jobs.content(job.id), template, max_rows)
        except ValidationFailed as refused:
            job.fail(" ".join(message for messages in refused.errors.values() for message in messages))
            uow.commit()
            return True
        _stage(uow, job, template, rows, batch_rows)
        uow.jobs.drop_content(job.id)  # the rows live on in the batches; the file is not kept twice
        uow.commit()
        return True


def _stage(uow: ImportUnitOfWork, job: ImportJob, template: Template, rows: list[Row], batch_rows: int) -> None:
    ordered = order_rows([row for row in rows if row.cells is not None], template.key, template.parent)
    refused = {**{row.number: {"": [row.problem]} for row in rows if row.cells is None}, **ordered.refused}
    cells = {row.number: row.cells for row in rows}
    uow.rows.add_all(job.id, [{"row": number, "outcome": "failed", "errors": errors, "cells": cells[number]}
                              for number, errors in refused.items()])
    job.start(total_rows=len(rows), levels=len(ordered.levels))
    job.count(["failed"] * len(refused))
    uow.batches.add_all(job.id, list(_batches(job, template, ordered, batch_rows)))
    if not send_level(uow, job, 0):
        job.complete()


def _batches(job: ImportJob, template: Template, ordered: Ordered, batch_rows: int):
    file_keys = {row.cells[template.key].strip() for level in ordered.levels for row in level
                 if template.key and row.cells.get(template.key, "").strip()}
    number = 0
    for level, rows in enumerate(ordered.levels):
        for start in range(0, len(rows), batch_rows):
            chunk = rows[start:start + batch_rows]
            yield number, level, _command(job, number, chunk, template, file_keys)
            number += 1


def _command(job: ImportJob, number: int, rows: list[Row], template: Template, file_keys: set[str]) -> dict:
    """What the owning service is asked (b2b_shared.messaging.import_batches)."""
    pending = sorted({parent for row in rows if (parent := row.cells.get(template.parent or "", "").strip())
                      and parent in file_keys}) if job.mode != "import" else []
    return {"job_id": str(job.id), "batch": number, "entity": job.entity, "mode": job.mode,
            "actor_id": str(job.user_id), "rows": [{"row": row.number, "cells": row.cells} for row in rows],
            "pending_keys": pending}


def send_level(uow: ImportUnitOfWork, job: ImportJob, level: int) -> int:
    """Write the level's batches into the outbox; how many there were."""
    commands = uow.batches.take_level(job.id, level)
    for command in commands:
        uow.emit(Base.metadata, requested(job.entity), str(job.id), command)
    return len(commands)
