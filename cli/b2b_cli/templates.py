"""`b2b template ENTITY`: the CSV header an import of ENTITY reads (GET /api/v1/import-templates/{entity})."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import click

from . import terminal
from .client import Client


@click.command(short_help="Download an import template.")
@click.argument("entity")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the template to this file instead of stdout.")
@click.option("--example", is_flag=True, help="Add a filled example row.")
@click.pass_obj
def template(client: Client, entity: str, output: Path | None, example: bool) -> None:
    """Download the CSV template of ENTITY (customers, customer_addresses, customer_groups,
    customer_users, prices, price_list_assignments)."""
    response = client.request("GET", f"/api/v1/import-templates/{quote(entity, safe='')}",
                              params={"example": "true"} if example else None)
    if output is None:
        click.echo(response.text, nl=False)
        return
    try:
        output.write_bytes(response.content)
    except OSError as error:
        raise click.FileError(str(output), error.strerror) from None
    terminal.messages().print(f"Wrote the {entity} template to {output}.")
