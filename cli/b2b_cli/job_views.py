"""How a job looks in a terminal: a live progress bar while it runs, a summary when it is done, a
table of jobs. GET /api/v1/import-jobs/{id} answers `status`, `total_rows`, `processed_rows`, the
counts `created`, `updated`, `unchanged`, `failed` and `seconds_left`; GET /api/v1/export-jobs/{id}
answers `status` and the `rows` written so far (an export's total is known only at its end)."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from .client import Client

RUNNING = ("queued", "validating", "importing")
ENDED_BADLY = ("failed", "cancelled")
POLL_SECONDS = 0.5
STATUS_STYLE = {"completed": "green", "completed_with_errors": "yellow", "failed": "red", "cancelled": "red"}
DOING = {"validate": "Validating", "dry_run": "Dry run of", "import": "Importing"}
DONE = {"validate": "Validation of", "dry_run": "Dry run of", "import": "Import of"}
COUNTS = (("created", "green"), ("updated", "cyan"), ("unchanged", "dim"), ("failed", "red"))


@dataclass(frozen=True)
class JobKind:
    """What following a job needs to know of its kind: where it is read, while which statuses it
    runs, and how its progress is drawn (rich columns, and the task fields a state of it sets)."""
    path: str
    running: tuple[str, ...]
    columns: Callable[[], tuple[ProgressColumn, ...]]
    progress_of: Callable[[dict], dict]


def follow(client: Client, job: dict, console: Console, kind: JobKind) -> dict:
    """Poll the job until it is finished, drawing its progress; returns its last state."""
    with Progress(*kind.columns(), console=console) as progress:
        task = progress.add_task(**kind.progress_of(job))
        while job["status"] in kind.running:
            time.sleep(POLL_SECONDS)
            job = client.get_json(f"{kind.path}/{job['id']}")
            progress.update(task, **kind.progress_of(job))
    return job


def raise_if_ended_badly(job: dict) -> None:
    """A failed or cancelled job ends the command with 1 and the job's own reason."""
    if job["status"] in ENDED_BADLY:
        raise click.ClickException(f"The job {job['status']}: {job.get('detail') or 'no detail'}")


def _import_columns() -> tuple[ProgressColumn, ...]:
    return (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[counts]}"), TextColumn("[dim]{task.fields[left]}"))


def _import_progress(job: dict) -> dict:
    waiting = job["status"] == "queued"
    description = ("Waiting for a worker:" if waiting else DOING.get(job["mode"], job["mode"])) + " " + job["file_name"]
    return {"description": escape(description), "total": job.get("total_rows") or None,
            "completed": job.get("processed_rows") or 0, "counts": counts_text(job),
            "left": "" if job["status"] not in RUNNING else seconds_left_text(job.get("seconds_left"))}


def _export_columns() -> tuple[ProgressColumn, ...]:
    """No total until the end: the bar pulses, and the rows written so far count up."""
    return (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:.0f} rows"),
            TimeElapsedColumn())


def _export_progress(job: dict) -> dict:
    running = job["status"] == "exporting"
    rows = job.get("rows") or 0
    return {"description": escape(f"{'Exporting' if running else 'Export of'} {job['entity']}"),
            "total": None if running else rows, "completed": rows}


IMPORT_JOBS = JobKind("/api/v1/import-jobs", RUNNING, _import_columns, _import_progress)
EXPORT_JOBS = JobKind("/api/v1/export-jobs", ("exporting",), _export_columns, _export_progress)


def counts_text(job: dict) -> str:
    return "  ".join(f"[{style}]{name} {job.get(name) or 0}[/]" for name, style in COUNTS)


def seconds_left_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, seconds = divmod(round(seconds), 60)
    return f"about {minutes} min {seconds} s left" if minutes else f"about {seconds} s left"


def status_text(status: str) -> str:
    return f"[{STATUS_STYLE.get(status, 'blue')}]{status.replace('_', ' ')}[/]"


def summary(job: dict) -> Table:
    """Status, rows and counts of a finished job, one per line."""
    title = f"{DONE.get(job['mode'], job['mode'])} {job['file_name']}"
    caption = {"validate": "Validation only: nothing was written.",
               "dry_run": "Dry run: nothing was written."}.get(job["mode"])
    table = Table(title=escape(title), caption=caption, show_header=False, title_justify="left",
                  caption_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Job", job["id"])
    table.add_row("Status", status_text(job["status"]))
    table.add_row("Rows", str(job.get("total_rows") or 0))
    for name, style in COUNTS:
        table.add_row(name.capitalize(), f"[{style}]{job.get(name) or 0}[/]")
    if took := _seconds_between(job.get("started_at"), job.get("finished_at")):
        table.add_row("Took", f"{took:.1f} s")
    if job.get("detail"):
        table.add_row("Detail", escape(job["detail"]))
    return table


def jobs_table(jobs: list[dict]) -> Table:
    table = Table(title="Import jobs", title_justify="left")
    table.add_column("Started", no_wrap=True)
    table.add_column("Job", no_wrap=True)
    table.add_column("Entity")
    table.add_column("Mode")
    table.add_column("File")
    table.add_column("Status")
    table.add_column("Rows", justify="right")
    for name, _ in COUNTS:
        table.add_column(name.capitalize(), justify="right")
    for job in jobs:
        rows = f"{job.get('processed_rows') or 0}/{job.get('total_rows') or '?'}"
        table.add_row(_local_time(job.get("created_at")), job["id"], job["entity"], job["mode"],
                      escape(job.get("file_name") or ""), status_text(job["status"]), rows,
                      *(str(job.get(name) or 0) for name, _ in COUNTS))
    return table


def _seconds_between(start: str | None, end: str | None) -> float | None:
    if not (start and end):
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _local_time(moment: str | None) -> str:
    return datetime.fromisoformat(moment).astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""
