"""`b2b export customers -o FILE`: the filtered or selected customers as CSV, in the import template's
columns (GET /api/v1/customers/export), streamed to the file in constant memory."""
from __future__ import annotations

import click

from . import terminal
from .client import Client
from .csv_files import STDOUT, save


@click.command(short_help="Export customers as CSV.")
@click.argument("entity", type=click.Choice(["customers"]))
@click.option("--q", help="Search text (name, external id, email, ...).")
@click.option("--tag", help="Only customers with this tag.")
@click.option("--status", help="Only customers in this status (e.g. active).")
@click.option("--type", "customer_type", help="Only customers of this type (e.g. business).")
@click.option("--group-id", help="Only customers of this customer group (its id).")
@click.option("--ids", help="Only these customers: ids separated by commas.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="The CSV file to write (- for stdout).")
@click.pass_obj
def export(client: Client, entity: str, q: str | None, tag: str | None, status: str | None,
           customer_type: str | None, group_id: str | None, ids: str | None, output: str) -> None:
    """Export ENTITY as CSV: the rows an import of the same file would read back unchanged."""
    filters = {"q": q, "tag": tag, "status": status, "type": customer_type, "group_id": group_id, "ids": ids}
    params = {name: value for name, value in filters.items() if value}
    with client.request("GET", f"/api/v1/{entity}/export", params=params, stream=True) as response:
        records = save(response, output)
    rows = max(records - 1, 0)  # the header is not a customer
    where = "stdout" if output == STDOUT else output
    terminal.messages().print(f"Exported {rows} {entity if rows != 1 else entity.rstrip('s')} to {where}.")
