"""CSV on disk: downloads written as they arrive (constant memory, never a half-written file left
behind), records counted on the way, and a local file read back row by row as the import numbers it."""
from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import requests

CHUNK = 64 * 1024
STDOUT = "-"


class RecordCounter:
    """Counts CSV records as the bytes go by: a line break ends a record unless it is inside quotes.
    A doubled quote inside a quoted cell toggles twice, so the parity holds across any chunking."""

    def __init__(self) -> None:
        self.records = 0
        self._quoted = False

    def feed(self, chunk: bytes) -> None:
        for index, part in enumerate(chunk.split(b'"')):
            if index:
                self._quoted = not self._quoted
            if not self._quoted:
                self.records += part.count(b"\n")


def save(response: requests.Response, target: str | Path) -> int:
    """Write a streamed answer to `target` (`-`: stdout); returns how many CSV records it held, the
    header included. A file is written beside the target and renamed once complete."""
    counter = RecordCounter()
    if str(target) == STDOUT:
        stream = sys.stdout.buffer
        for chunk in response.iter_content(CHUNK):
            counter.feed(chunk)
            stream.write(chunk)
        stream.flush()
        return counter.records
    target = Path(target)
    partial = target.with_name(target.name + ".part")
    try:
        with partial.open("wb") as file:
            for chunk in response.iter_content(CHUNK):
                counter.feed(chunk)
                file.write(chunk)
        os.replace(partial, target)
    except OSError as error:
        raise click.FileError(str(target), error.strerror) from None
    finally:
        partial.unlink(missing_ok=True)
    return counter.records


def numbered_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, cells) of a local CSV as the import reads it: UTF-8 with or without a byte-order
    mark, comma or semicolon separated, the header on row 1 and one row per record."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        first_line = file.readline()
        file.seek(0)  # utf-8-sig skips the byte-order mark again
        reader = csv.reader(file, delimiter=max(",;", key=first_line.count))
        header = [column.strip() for column in next(reader, [])]
        for number, cells in enumerate(reader, start=2):
            yield number, dict(zip(header, cells))


def first_records(path: Path, count: int) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return [record for _, record in zip(range(count), reader)]
