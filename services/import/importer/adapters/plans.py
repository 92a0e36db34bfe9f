"""The level of every row of a file, worked out by PostgreSQL: the rows' keys and parents are
copied (COPY) into a temporary table of the staging transaction and a recursive query walks the
file's hierarchy down from its roots. A million rows cost the worker a few megabytes (one integer
each) instead of a dictionary of every key; the rules are the ones domain/ordering.py names."""
from __future__ import annotations

from array import array
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from ..domain.csv_reading import Row
from ..domain.ordering import CYCLE, REFUSED, Plan

COPIED = 10_000
_TABLE = text("""CREATE TEMP TABLE import_plan (place int PRIMARY KEY, number int NOT NULL, key text, parent text,
    problem text, first_number int) ON COMMIT DROP""")
_INDEXES = (text("CREATE INDEX ON import_plan (key)"), text("CREATE INDEX ON import_plan (parent)"))
# The first definition of a key in the file; a later one is refused.
_REPEATED = text("""
WITH firsts AS (SELECT DISTINCT ON (key) key, place, number FROM import_plan
                 WHERE key <> '' AND problem IS NULL ORDER BY key, place)
UPDATE import_plan p SET first_number = f.number FROM firsts f
 WHERE p.key = f.key AND p.place <> f.place AND p.problem IS NULL""")
# Level 0: no parent, or one outside the file; then each row under its parent. A row never reached
# is on a cycle of the file, or under one.
_LEVELS = text("""
CREATE TEMP TABLE import_levels ON COMMIT DROP AS
WITH RECURSIVE tree(place, key, level) AS (
    SELECT p.place, p.key, 0 FROM import_plan p
     WHERE p.problem IS NULL AND p.first_number IS NULL
       AND (p.parent = '' OR NOT EXISTS (SELECT 1 FROM import_plan f
                                          WHERE f.key = p.parent AND f.problem IS NULL AND f.first_number IS NULL))
  UNION ALL
    SELECT c.place, c.key, t.level + 1 FROM tree t
      JOIN import_plan c ON c.parent = t.key AND t.key <> '' AND c.problem IS NULL AND c.first_number IS NULL)
SELECT place, level FROM tree""")
_RESULT = text("SELECT l.level FROM import_plan p LEFT JOIN import_levels l USING (place) ORDER BY p.place")
_REFUSED = text("""SELECT p.number, p.problem, p.first_number FROM import_plan p LEFT JOIN import_levels l USING (place)
 WHERE l.place IS NULL ORDER BY p.place""")


def plan_in_database(session: Session, rows: Iterable[Row], key: str | None, parent: str | None) -> Plan:
    session.execute(_TABLE)
    _copy(session, rows, key, parent)
    if key is not None:
        for index in _INDEXES:
            session.execute(index)
        session.execute(text("ANALYZE import_plan"))
        session.execute(_REPEATED)
    session.execute(_LEVELS)
    level_of = array("i", (REFUSED if level is None else level for (level,) in session.execute(_RESULT)))
    refused = {number: _why(problem, first_number, key, parent)
               for number, problem, first_number in session.execute(_REFUSED)}
    return Plan(level_of, max(level_of, default=-1) + 1, refused, len(level_of))


def _copy(session: Session, rows: Iterable[Row], key: str | None, parent: str | None) -> None:
    """A COPY per COPIED rows: the rows are read from the same connection (adapters/files.py), which
    can run no query while a COPY is open."""
    pending: list[tuple] = []
    for place, row in enumerate(rows):
        cells = row.cells or {}
        pending.append((place, row.number, cells.get(key, "").strip() if key else "",
                        cells.get(parent, "").strip() if parent else "", row.problem))
        if len(pending) >= COPIED:
            _copy_some(session, pending)
            pending = []
    _copy_some(session, pending)


def _copy_some(session: Session, pending: list[tuple]) -> None:
    with session.connection().connection.driver_connection.cursor() as cursor:
        with cursor.copy("COPY import_plan (place, number, key, parent, problem) FROM STDIN") as copy:
            for values in pending:
                copy.write_row(values)


def _why(problem: str | None, first_number: int | None, key: str | None, parent: str | None) -> dict:
    if problem is not None:
        return {"": [problem]}
    if first_number is not None:
        return {key: [f"Also defined on row {first_number}."]}
    return {parent: [CYCLE]}
