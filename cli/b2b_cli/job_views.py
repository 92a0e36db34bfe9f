"""How an import job looks in a terminal: a live progress bar while it runs, a summary when it is
done, a table of jobs. GET /api/v1/import-jobs/{id} answers `status`, `total_rows`,
`processed_rows`, the counts `created`, `updated`, `unchanged`, `failed` and `seconds_left`."""
from __future__ import annotations

import time
from datetime import datetime

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

from .client import Client

RUNNING = ("queued", "validating", "importing")
POLL_SECONDS = 0.5
STATUS_STYLE = {"completed": "green", "completed_with_errors": "yellow", "failed": "red", "cancelled": "red"}
DOING = {"validate": "Validating", "dry_run": "Dry run of", "import": "Importing"}
DONE = {"validate": "Validation of", "dry_run": "Dry run of", "import": "Import of"}
COUNTS = (("created", "green"), ("updated", "cyan"), ("unchanged", "dim"), ("failed", "red"))


def follow(client: Client, job: dict, console: Console) -> dict:
    """Poll the job until it is finished, drawing its progress; returns its last state."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
               TextColumn("{task.fields[counts]}"), TextColumn("[dim]{task.fields[left]}"))
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(**_progress_of(job))
        while job["status"] in RUNNING:
            time.sleep(POLL_SECONDS)
            job = client.get_json(f"/api/v1/import-jobs/{job['id']}")
            progress.update(task, **_progress_of(job))
    return job


def _progress_of(job: dict) -> dict:
    waiting = job["status"] == "queued"
    description = ("Waiting for a worker:" if waiting else DOING.get(job["mode"], job["mode"])) + " " + job["file_name"]
    return {"description": escape(description), "total": job.get("total_rows") or None,
            "completed": job.get("processed_rows") or 0, "counts": counts_text(job),
            "left": "" if job["status"] not in RUNNING else seconds_left_text(job.get("seconds_left"))}


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
