"""`b2b export ENTITY -o FILE`: any importable entity's filtered or selected list as CSV, in its import
template's columns, through an export job: POST /api/v1/export-jobs, followed with a live progress
bar, then GET /api/v1/export-jobs/{id}/file streamed to the file in constant memory.

Exit codes: 0 the file is written; 1 the export was refused (the problem, field by field) or the job
failed or was cancelled (its detail), or a call failed; 2 a usage error; 130 interrupted (the job is
cancelled: nobody would download its file)."""
from __future__ import annotations

import click
from rich.console import Console

from . import terminal
from .client import ApiError, Client
from .csv_files import STDOUT, save
from .filters import export_filters, name_value_pairs
from .job_views import EXPORT_JOBS, follow, raise_if_ended_badly

JOBS = "/api/v1/export-jobs"


@click.command(short_help="Export any entity as CSV, through an export job.")
@click.argument("entity")
@click.option("--q", help="Search text (customers, customer_groups, customer_users).")
@click.option("--tag", help="Only customers (or their addresses) with this tag.")
@click.option("--status", help="Only customers (or their addresses) in this status: active, inactive.")
@click.option("--type", help="Only customers (or their addresses) of this type: business, consumer.")
@click.option("--group-id", help="Only customers (or their addresses) of this customer group (its id).")
@click.option("--ids", help="Only these records: ids separated by commas.")
@click.option("--filter", "pairs", multiple=True, callback=name_value_pairs, metavar="NAME=VALUE",
              help="Any other filter of ENTITY's list, e.g. price_list_id=ID, sku=ABC-1, level=customer, "
                   "customer_id=ID, has_parent=false (repeatable).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="The CSV file to write (- for stdout).")
@click.pass_obj
def export(client: Client, entity: str, pairs: list[tuple[str, str]], output: str, **shortcuts: str | None) -> None:
    """Export ENTITY as CSV: the rows an import of the same file reads back unchanged.

    ENTITY is customers, customer_addresses (the address books of the customers the filters
    select), customer_groups, customer_users, prices or price_list_assignments.
    """
    filters = export_filters(shortcuts, pairs)
    job = client.request("POST", JOBS, json={"entity": entity, "filters": filters}).json()
    messages = terminal.messages()
    job = follow_or_cancel(client, job, messages)
    raise_if_ended_badly(job)
    with client.request("GET", f"{JOBS}/{job['id']}/file", stream=True) as response:
        save(response, output)
    where = "stdout" if output == STDOUT else output
    messages.print(f"Exported {job['rows']} {'row' if job['rows'] == 1 else 'rows'} of {entity} to {where}.")


def follow_or_cancel(client: Client, job: dict, messages: Console) -> dict:
    """The job followed to its end; interrupted, it is cancelled rather than left running."""
    try:
        return follow(client, job, messages, EXPORT_JOBS)
    except KeyboardInterrupt:
        try:
            client.request("POST", f"{JOBS}/{job['id']}/cancel")
            messages.print(f"Cancelled export job {job['id']}.")
        except ApiError as error:  # it ended meanwhile, or the suite is out of reach
            messages.print(f"Stopped following export job {job['id']}: {error.message}")
        raise click.exceptions.Exit(130) from None
