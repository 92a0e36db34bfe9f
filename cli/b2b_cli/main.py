"""The `b2b` command: connection and credentials, then one subcommand per task.

    b2b template customers -o customers.csv
    b2b import customers.csv --entity customers --dry-run --wait
    b2b export customers --q acme -o acme.csv
    b2b export prices --filter price_list_id=ID -o prices.csv
    b2b jobs
"""
from __future__ import annotations

import os

import click

from .client import Client
from .exports import export
from .imports import import_file
from .jobs import jobs
from .templates import template

DEFAULT_URL = "http://127.0.0.1:8000"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--url", envvar="B2B_URL", default=DEFAULT_URL, show_default=True, metavar="URL",
              help="The gateway [env: B2B_URL].")
@click.option("--email", envvar="B2B_EMAIL", help="Sign in as this user [env: B2B_EMAIL].")
@click.option("--password", envvar="B2B_PASSWORD",
              help="Their password [env: B2B_PASSWORD; asked for when only the email is given].")
@click.version_option(package_name="b2b-cli", prog_name="b2b")
@click.pass_context
def main(ctx: click.Context, url: str, email: str | None, password: str | None) -> None:
    """The B2B suite from a terminal, through the gateway's HTTP API.

    Sign in with --email and --password (or B2B_EMAIL and B2B_PASSWORD), or put an access token in
    B2B_TOKEN. A failed call prints the suite's reason and exits with 1.
    """
    token = None if password else os.environ.get("B2B_TOKEN") or None
    ctx.obj = Client(url, email=email, password=password, token=token)
    ctx.call_on_close(ctx.obj.close)


for command in (template, import_file, export, jobs):
    main.add_command(command)
