"""Read an uploaded CSV: UTF-8 with or without a byte-order mark, comma or semicolon separated,
quoted fields that may hold newlines. A file that cannot be read, or whose header is not the
template's, is refused whole, naming the columns; a short or long row is that row's error."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from b2b_shared.errors import ValidationFailed

from .templates import Template

SEPARATORS = ",;"
CHUNK = 1 << 20


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    cells: dict[str, str] | None
    problem: str | None = None


def read_rows(content: bytes, template: Template, max_rows: int) -> list[Row]:
    rows = list(iter_rows(io.BytesIO(content), template, max_rows))
    if not rows:
        raise ValidationFailed({"file": ["The file has a header but no rows."]})
    return rows


def iter_rows(source: BinaryIO, template: Template, max_rows: int) -> Iterator[Row]:
    """The rows one at a time, decoded as they are read from `source`: a large file is never in
    memory whole. The upload was checked to be UTF-8 (check_header); a file that is not is refused."""
    text = io.TextIOWrapper(io.BufferedReader(source, CHUNK), encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline()
        delimiter = _separator(first_line)
        reader = csv.reader(itertools.chain([first_line], text), delimiter=delimiter, strict=True)
        header = [column.strip() for column in next(reader, [])]
        _check_header(header, template)
        yield from _rows(reader, header, max_rows)
    except csv.Error as error:
        raise ValidationFailed({"file": [f"Not a readable CSV file: {error}."]}) from None
    except UnicodeDecodeError:
        raise ValidationFailed({"file": ["Not UTF-8 text; save the file as CSV UTF-8."]}) from None


def check_header(content: bytes, template: Template) -> None:
    """What can be refused at upload, before the file is kept: its encoding and its header."""
    _decode(content)
    end = content.find(b"\n")
    first_line = content[:end if end >= 0 else len(content)].decode("utf-8-sig")
    try:
        header = next(csv.reader([first_line], delimiter=_separator(first_line), strict=True), [])
    except csv.Error as error:
        raise ValidationFailed({"file": [f"Not a readable CSV file: {error}."]}) from None
    _check_header([column.strip() for column in header], template)


def _decode(content: bytes) -> None:
    """Refuse a file that is not UTF-8, checking it a megabyte at a time (never a second copy)."""
    decoder, view = codecs.getincrementaldecoder("utf-8")(), memoryview(content)
    start = 0
    try:
        for start in range(0, len(content), CHUNK):
            decoder.decode(view[start:start + CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        byte = start + error.start
        raise ValidationFailed({"file": [f"Not UTF-8 text (byte {byte}); save the file as CSV UTF-8."]}) from None


def _separator(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return max(SEPARATORS, key=first_line.count)


def _check_header(header: list[str], template: Template) -> None:
    missing = [column for column in template.required if column not in header]
    unknown = [column for column in header if column not in template.columns]
    repeated = sorted({column for column in header if header.count(column) > 1})
    errors = {}
    if missing:
        errors["missing_columns"] = [f"The header lacks: {', '.join(missing)}."]
    if unknown:
        errors["unknown_columns"] = [f"Not columns of the {template.entity} template: {', '.join(unknown)}."]
    if repeated:
        errors["repeated_columns"] = [f"Named twice: {', '.join(repeated)}."]
    if errors:
        errors["file"] = [f"Expected the columns: {', '.join(template.columns)}."]
        raise ValidationFailed(errors, "The file's header does not match the template.")


def _rows(reader, header: list[str], max_rows: int) -> Iterator[Row]:
    for count, cells in enumerate(reader, start=1):
        if count > max_rows:
            raise ValidationFailed({"file": [f"More than {max_rows} rows; split the file."]})
        number = count + 1  # the row a spreadsheet shows it on, newlines inside cells or not
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield Row(number, None, f"The row has {len(cells)} cells; the header has {len(header)}.")
            continue
        yield Row(number, dict(zip(header, cells)))
