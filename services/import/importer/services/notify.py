"""Tell the user who started a job how it ended: one email per finished job, sent by the worker.

The job is marked notified in the transaction that holds its row lock while the email goes out:
a worker that dies after sending and before committing sends it again (at least once, never lost)."""
from __future__ import annotations

from b2b_shared.db.versioned import utcnow

from ..adapters.mailer import Mailer
from ..adapters.unit_of_work import ImportUnitOfWork
from ..domain.model import ImportJob

TITLES = {"completed": "completed", "completed_with_errors": "completed with errors", "failed": "failed",
          "cancelled": "cancelled"}
WHAT = {"validate": "Validation", "dry_run": "Dry run", "import": "Import"}


def notify_next(uow: ImportUnitOfWork, mailer: Mailer, public_url: str) -> bool:
    """Send one finished job's email, if one is waiting; False when none was."""
    with uow:
        job = uow.jobs.unnotified()
        if job is None:
            return False
        if email := uow.jobs.email_of(job.user_id):
            mailer.send(email, subject(job), body(job, public_url))
        job.notified_at = utcnow()
        uow.commit()
        return True


def subject(job: ImportJob) -> str:
    return f"{WHAT[job.mode]} of {job.file_name} ({job.entity}): {TITLES[job.status]}"


def body(job: ImportJob, public_url: str) -> str:
    link = f"{public_url.rstrip('/')}/api/v1/import-jobs/{job.id}"
    lines = [
        f"{WHAT[job.mode]} of {job.file_name} ({job.entity}) {TITLES[job.status]}.",
        "",
        f"Rows: {job.total_rows}; created {job.created}, updated {job.updated}, unchanged {job.unchanged}, "
        f"failed {job.failed}.",
    ]
    if job.detail:
        lines += ["", job.detail]
    lines += ["", f"The job: {link}"]
    if job.failed:
        lines.append(f"Rows with errors (CSV): {link}/errors")
    return "\n".join(lines) + "\n"
