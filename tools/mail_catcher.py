"""A local SMTP server for `make run`: it keeps every email it receives as a file in a Maildir
(`var/mail/new/` by default), where a person opens it with any mail reader or a text editor.
Nothing is relayed anywhere. aiosmtpd does the SMTP; this only chooses where the mail goes.

    python tools/mail_catcher.py --port 8025 --dir var/mail
"""
from __future__ import annotations

import signal
import threading
from pathlib import Path

import click
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option("--dir", "directory", default="var/mail", show_default=True, type=click.Path(file_okay=False))
def main(host: str, port: int, directory: str) -> None:
    for folder in ("cur", "new", "tmp"):  # a Maildir's own; mailbox.Maildir makes them only in a new directory
        (Path(directory) / folder).mkdir(parents=True, exist_ok=True)
    controller = Controller(Mailbox(directory), hostname=host, port=port)
    controller.start()
    click.echo(f"mailbox: SMTP on {host}:{port}, mail kept in {Path(directory).resolve()}/new")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
