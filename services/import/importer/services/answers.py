"""The consumer's use case: an owning service answered a batch (`import_batch.applied`). Its rows'
outcomes are kept and counted; once every batch of a level is answered, the next level is sent;
after the last, the job is complete. A repeated answer changes nothing."""
from __future__ import annotations

import uuid

from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.model import ImportJob
from .staging import send_level


def record_answer(uow: ImportUnitOfWork, answer: dict) -> None:
    job_id = uuid.UUID(answer["job_id"])
    with uow:
        job = uow.jobs.get(job_id, for_update=True)
        command = uow.batches.answer(job_id, answer["batch"])
        if job is None or command is None:
            return  # an answer counted before (redelivered), or for a job deleted since
        cells = {row["row"]: row["cells"] for row in command["rows"]}
        uow.rows.add_all(job_id, [_row_result(result, cells) for result in answer["results"]])
        job.count([result["outcome"] for result in answer["results"]])
        if not job.finished and uow.batches.unanswered(job_id, job.level) == 0:
            _advance(uow, job)
        uow.commit()


def _row_result(result: dict, cells: dict[int, dict]) -> dict:
    failed = result["outcome"] == "failed"
    return {"row": result["row"], "outcome": result["outcome"], "entity_id": result.get("id"),
            "changes": result.get("changes"), "errors": result.get("errors"),
            "cells": cells.get(result["row"]) if failed else None}


def _advance(uow: ImportUnitOfWork, job: ImportJob) -> None:
    while job.level + 1 < job.levels:
        job.next_level()
        if send_level(uow, job, job.level):
            return
    job.complete()
