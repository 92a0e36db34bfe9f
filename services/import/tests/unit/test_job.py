"""A job's counts, progress and ending."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.errors import Conflict
from importer.domain.model import ImportJob


def a_job(mode: str = "import") -> ImportJob:
    job = ImportJob.submit(uuid.uuid4(), "customers", mode, "customers.csv")
    job.start(total_rows=4, levels=1)
    return job


def test_progress_follows_the_rows_the_owner_answered():
    job = a_job()
    job.count(["created", "failed"])
    assert (job.processed_rows, job.progress, job.status) == (2, 50.0, "importing")


def test_a_job_with_failed_rows_completes_with_errors():
    job = a_job("validate")
    job.count(["created", "failed", "unchanged", "updated"])
    job.complete()
    assert job.status == "completed_with_errors" and job.finished_at is not None


def test_a_finished_job_cannot_be_cancelled():
    job = a_job()
    job.complete()
    with pytest.raises(Conflict):
        job.cancel()


def test_starting_and_finishing_are_recorded_as_events():
    job = a_job()
    job.cancel()
    assert [event.type for event in job.pop_events()] == ["import_job.started", "import_job.completed"]
