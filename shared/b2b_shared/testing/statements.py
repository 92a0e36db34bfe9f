"""Counting the SQL statements code sends: what a batch costs holds still on a busy machine, where
its wall-clock time does not."""
from __future__ import annotations

import contextlib

from sqlalchemy import Engine, event


@contextlib.contextmanager
def statements_sent():
    """The SQL statements any engine of this process sends meanwhile (an executemany counts once)."""
    sent: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)
    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", count)
