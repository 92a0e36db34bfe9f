"""Order a file's rows so that a parent is applied before its children, wherever each stands in
the file: a row's level is 0 when its parent is not in the file (or it has none), else one more
than its parent's. A row on a cycle inside the file (A's parent is B, B's parent is A), or below
one, is refused, and so is a key defined twice and a row that cannot be read.

The plan keeps one small integer per row (its level) and the file's keys: a million rows cost tens
of megabytes, and the rows themselves are read again, one at a time, when they are staged."""
from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .csv_reading import Row

UNKNOWN, REFUSED = -2, -1
CYCLE = "The parents in the file form a cycle at or above this row."


@dataclass(frozen=True)
class Plan:
    level_of: array  # by the row's place in the file: its level, or REFUSED
    levels: int
    refused: dict[int, dict[str, list[str]]]  # row number -> errors by column
    total: int


@dataclass(frozen=True)
class Ordered:
    levels: list[list[Row]]  # level 0 first
    refused: dict[int, dict[str, list[str]]]


def plan_levels(rows: Callable[[], Iterable[Row]], key: str | None, parent: str | None) -> Plan:
    """`rows()` gives the file's rows afresh each time it is called (it is read twice for a hierarchy)."""
    refused: dict[int, dict[str, list[str]]] = {}
    index, numbers = _index(rows(), key, refused)
    level_of = array("i", [UNKNOWN if number not in refused else REFUSED for number in numbers])
    if key is None or parent is None:
        level_of = array("i", [0 if level == UNKNOWN else level for level in level_of])
        return Plan(level_of, 1 if len(refused) < len(numbers) else 0, refused, len(numbers))
    parents = array("i", (index.get((row.cells or {}).get(parent, "").strip(), -1) for row in rows()))
    for place in range(len(numbers)):
        if level_of[place] == UNKNOWN:
            _walk(place, parents, level_of, numbers, refused, parent)
    return Plan(level_of, max(level_of, default=-1) + 1, refused, len(numbers))


def _index(rows: Iterable[Row], key: str | None, refused: dict) -> tuple[dict[str, int], array]:
    """The first place of every key, and each row's number; unreadable rows and repeated keys refused."""
    index: dict[str, int] = {}
    numbers = array("i")
    for place, row in enumerate(rows):
        numbers.append(row.number)
        if row.cells is None:
            refused[row.number] = {"": [row.problem]}
            continue
        name = row.cells.get(key, "").strip() if key else ""
        if name and name in index:
            refused[row.number] = {key: [f"Also defined on row {numbers[index[name]]}."]}
        elif name:
            index[name] = place
    return index, numbers


def _walk(place: int, parents: array, level_of: array, numbers: array, refused: dict, parent: str) -> None:
    """Up the file's parents iteratively (a hierarchy may be deeper than Python's stack)."""
    chain: list[int] = []
    on_chain: set[int] = set()
    current = place
    while current != -1 and level_of[current] == UNKNOWN:
        if current in on_chain:
            break
        on_chain.add(current)
        chain.append(current)
        current = parents[current]
    if current != -1 and (current in on_chain or level_of[current] == REFUSED):
        for member in chain:  # a cycle, or a row below one
            level_of[member] = REFUSED
            refused.setdefault(numbers[member], {parent: [CYCLE]})
        return
    base = -1 if current == -1 else level_of[current]
    for offset, member in enumerate(reversed(chain), start=1):
        level_of[member] = base + offset


def order_rows(rows: list[Row], key: str | None, parent: str | None) -> Ordered:
    """The plan applied to rows held in memory: the rows of each level, in file order."""
    plan = plan_levels(lambda: rows, key, parent)
    levels: list[list[Row]] = [[] for _ in range(plan.levels)]
    for place, row in enumerate(rows):
        if plan.level_of[place] != REFUSED:
            levels[plan.level_of[place]].append(row)
    return Ordered(levels, plan.refused)
