"""Counting the SQL statements code sends: what a batch costs holds still on a busy machine, where
its wall-clock time does not."""
from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable

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


def statements_per_batch(consumer, batch_of: Callable[[int], list], sizes: tuple[int, ...] = (2, 40)) -> dict[int, int]:
    """size -> the statements the consumer sent applying `batch_of(size)` as one batch (each event applied)."""
    sent_by_size = {}
    for size in sizes:
        batch = batch_of(size)
        with statements_sent() as sent:
            assert set(consumer.process_all(batch)) == {"applied"}
        sent_by_size[size] = len(sent)
    return sent_by_size


def new_customers(event_of: Callable[..., object], size: int, known_parent) -> list:
    """`size` customer.created events: half of them roots, the other half children of `known_parent`
    and of those roots (a parent in the same batch)."""
    roots = [uuid.uuid4() for _ in range(size // 2)]
    return [*(event_of("customer.created", root, 1) for root in roots),
            *(event_of("customer.created", uuid.uuid4(), 1, parent_id=parent)
              for parent in [known_parent, *roots][:size // 2])]
