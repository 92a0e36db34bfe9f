"""`b2b import FILE --entity E`: upload a CSV as an import job (POST /api/v1/import-jobs), and with
--wait follow it to the end: progress, summary, the dry run's changes, the error report.

Exit codes with --wait: 0 every row went through, 2 some rows failed (the report is saved),
1 the job itself failed or was cancelled, or a call failed."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from . import terminal
from .client import Client
from .csv_files import first_records, numbered_rows, save
from .job_views import IMPORT_JOBS, follow, raise_if_ended_badly, summary

ROWS_PAGE = 500
PROBLEMS_SHOWN = 10
ROWS_FAILED_EXIT = 2


@click.command("import", short_help="Validate, dry-run or import a CSV file.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--entity", required=True, help="What the rows are: customers, customer_addresses, customer_groups, "
                   "customer_users, prices, price_list_assignments.")
@click.option("--validate", is_flag=True, help="Check every row; write nothing.")
@click.option("--dry-run", is_flag=True, help="Work out every change, row by row; write nothing.")
@click.option("--wait", is_flag=True, help="Follow the job to its end; exit 2 when rows failed.")
@click.option("--errors-to", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Where --wait saves the error report [default: FILE's name with .errors.csv].")
@click.pass_obj
def import_file(client: Client, file: Path, entity: str, validate: bool, dry_run: bool, wait: bool,
                errors_to: Path | None) -> None:
    """Import FILE, a CSV in the columns of `b2b template ENTITY`."""
    if validate and dry_run:
        raise click.UsageError("Choose --validate or --dry-run, not both.")
    mode = "validate" if validate else "dry_run" if dry_run else "import"
    with file.open("rb") as content:
        job = client.request("POST", "/api/v1/import-jobs", files={"file": (file.name, content, "text/csv")},
                             data={"entity": entity, "mode": mode}).json()
    output, messages = terminal.results(), terminal.messages()
    if not wait:
        output.print(f"Job {job['id']}: {job['status']} ({mode} of {escape(file.name)})")
        messages.print("[dim]Follow it with `b2b jobs`.[/]")
        return
    try:
        job = follow(client, job, messages, IMPORT_JOBS)
    except KeyboardInterrupt:
        messages.print(f"Stopped following job {job['id']}; it carries on (see `b2b jobs`).")
        raise click.exceptions.Exit(130) from None
    output.print(summary(job))
    if mode == "dry_run" and job["status"] != "failed":
        print_changes(client, job["id"], file, output)
    raise_if_ended_badly(job)
    if job.get("failed"):
        report = save_error_report(client, job, errors_to or file.with_name(f"{file.stem}.errors.csv"), messages)
        messages.print(f"[red]{job['failed']} of {job['total_rows']} rows failed[/]; "
                       f"the error report is in [bold]{escape(str(report))}[/].")
        raise click.exceptions.Exit(ROWS_FAILED_EXIT)


def print_changes(client: Client, job_id: str, file: Path, output: Console) -> None:
    """Each row the import would create or update, in file order, named by the file's own cells."""
    cells_of = CellsOfRows(file)
    changes = 0
    output.print("Changes the import would make:")
    for item in job_rows(client, job_id):
        if item["outcome"] not in ("created", "updated"):
            continue
        changes += 1
        line = f"  row {item['row']:>5}  {row_label(cells_of(item['row']))}"
        if item["outcome"] == "created":
            output.print(f"[green]would create[/]{escape(line)}")
        else:
            changed = ", ".join(f"{column} = {value or '(empty)'}" for column, value in (item["changes"] or {}).items())
            output.print(f"[cyan]would update[/]{escape(line)}: {escape(changed)}")
    if not changes:
        output.print("  none: the import would change nothing.")


def job_rows(client: Client, job_id: str) -> Iterator[dict]:
    """Every row's outcome, page by page (the cursor is the last row number: `after_row`)."""
    after_row = "0"
    while after_row is not None:
        page = client.get_json(f"/api/v1/import-jobs/{job_id}/rows", after_row=after_row, limit=ROWS_PAGE)
        yield from page["items"]
        after_row = page["next_cursor"]


class CellsOfRows:
    """The local file's cells by row number, read forwards once (rows are asked for in file order),
    so that memory does not grow with the file. Unreadable: no cells, the row number still shows."""

    def __init__(self, file: Path):
        self._rows = numbered_rows(file)
        self._last: tuple[int, dict] = (0, {})

    def __call__(self, number: int) -> dict[str, str]:
        try:
            while self._last[0] < number:
                self._last = next(self._rows)
        except (StopIteration, UnicodeDecodeError, csv.Error, OSError):
            self._last = (number, {})
        return self._last[1] if self._last[0] == number else {}


def row_label(cells: dict[str, str]) -> str:
    key = next((cells[column] for column in ("external_id", "code", "id") if cells.get(column)), "")
    return "  ".join(part for part in (key, cells.get("name", "")) if part)


def save_error_report(client: Client, job: dict, target: Path, messages: Console) -> Path:
    """GET /api/v1/import-jobs/{id}/errors to `target`, and its first problems on the terminal."""
    with client.request("GET", f"/api/v1/import-jobs/{job['id']}/errors", stream=True) as response:
        problems = save(response, target) - 1
    for problem in first_records(target, PROBLEMS_SHOWN):
        value = f" [dim](value: {escape(problem['value'])})[/]" if problem.get("value") else ""
        messages.print(f"  row {escape(problem['row'])}  [bold]{escape(problem['column'])}[/]: "
                       f"{escape(problem['message'])}{value}")
    if problems > PROBLEMS_SHOWN:
        messages.print(f"  ... and {problems - PROBLEMS_SHOWN} more problems.")
    return target
