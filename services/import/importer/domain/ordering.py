"""Order a file's rows so that a parent is applied before its children, wherever each stands in
the file: a row's level is 0 when its parent is not in the file (or it has none), else one more
than its parent's. A row on a cycle inside the file (A's parent is B, B's parent is A) is refused,
and so is a key defined twice."""
from __future__ import annotations

from dataclasses import dataclass

from .csv_reading import Row


@dataclass(frozen=True)
class Ordered:
    levels: list[list[Row]]  # level 0 first
    refused: dict[int, dict[str, list[str]]]  # row number -> errors by column


def order_rows(rows: list[Row], key: str | None, parent: str | None) -> Ordered:
    if key is None or parent is None:
        return Ordered([rows], {})
    refused: dict[int, dict[str, list[str]]] = {}
    by_key: dict[str, Row] = {}
    for row in rows:
        name = row.cells.get(key, "").strip()
        if name and name in by_key:
            refused[row.number] = {key: [f"Also defined on row {by_key[name].number}."]}
        elif name:
            by_key[name] = row
    depth: dict[int, int] = {}
    for row in rows:
        if row.number not in refused:
            _level(row, by_key, key, parent, depth, refused)
    levels: list[list[Row]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for row in rows:
        if row.number not in refused:
            levels[depth[row.number]].append(row)
    return Ordered([level for level in levels if level], refused)


def _level(row: Row, by_key: dict, key: str, parent: str, depth: dict, refused: dict) -> int | None:
    """Walk up the file's parents iteratively (a hierarchy may be deeper than Python's stack)."""
    chain: list[Row] = []
    seen: set[int] = set()
    current: Row | None = row
    while current is not None and current.number not in depth:
        if current.number in seen or current.number in refused:
            _refuse_cycle(chain, current, refused, parent)
            return None
        seen.add(current.number)
        chain.append(current)
        current = by_key.get(current.cells.get(parent, "").strip())
    base = -1 if current is None else depth[current.number]
    for offset, member in enumerate(reversed(chain), start=1):
        depth[member.number] = base + offset
    return depth[row.number]


def _refuse_cycle(chain: list[Row], stop: Row, refused: dict, parent: str) -> None:
    for member in chain:
        refused.setdefault(member.number, {parent: ["The parents in the file form a cycle at or above this row."]})
