"""How a file's rows are ordered, so that a parent is applied before its children wherever each
stands in the file: a row's level is 0 when its parent is not in the file (or it has none), else one
more than its parent's. A row on a cycle inside the file (A's parent is B, B's parent is A), or
below one, is refused, and so is a key defined a second time and a row that cannot be read.

PostgreSQL works the levels out (adapters/plans.py): a million rows' keys would otherwise sit in the
worker's memory."""
from __future__ import annotations

from array import array
from dataclasses import dataclass

REFUSED = -1
CYCLE = "The parents in the file form a cycle at or above this row."


@dataclass(frozen=True)
class Plan:
    level_of: array  # by the row's place in the file: its level, or REFUSED
    levels: int
    refused: dict[int, dict[str, list[str]]]  # row number -> errors by column
    total: int
