"""`b2b jobs`: your import jobs, newest first (an administrator's: everyone's), as a table
(GET /api/v1/import-jobs)."""
from __future__ import annotations

import click

from . import terminal
from .client import Client
from .job_views import jobs_table


@click.command()
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True, help="How many jobs to show.")
@click.pass_obj
def jobs(client: Client, limit: int) -> None:
    """List import jobs, newest first: status, rows and counts."""
    page = client.get_json("/api/v1/import-jobs", limit=limit, sort="-created_at")
    if not page["items"]:
        terminal.messages().print("No import jobs yet.")
        return
    terminal.results().print(jobs_table(page["items"]))
