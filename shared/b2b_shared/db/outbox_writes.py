"""Writing envelopes into the outbox: every event of a commit in one statement, each envelope
serialised once.

An import batch commits an event per row. Written as an executemany (a statement per row) with
each envelope's data turned into JSON, read back and turned into JSON again, the outbox was a
fifth of the customers consumer's time per row (bench/customers_import_batches.py). Here each
column is bound as one array and the envelopes as one JSON array of them, taken apart in order
(WITH ORDINALITY ... ORDER BY: `seq` numbers the events in the order they were recorded, which
the relay publishes them in).
"""
from __future__ import annotations

import uuid
from functools import cache

from sqlalchemy import Table, TextClause, text

from ..messaging.envelope import to_json


def insert_envelopes(executor, outbox: Table, envelopes: list[dict]) -> None:
    """Add the envelopes (made by envelope.new_envelope or make_envelope) to `outbox`, in their order,
    with the session's or connection's `execute`."""
    executor.execute(_insert(outbox.name), {
        "event_ids": [uuid.UUID(envelope["id"]) for envelope in envelopes],
        "event_types": [envelope["type"] for envelope in envelopes],
        "subjects": [envelope["subject"] for envelope in envelopes],
        "envelopes": "[" + ",".join(map(to_json, envelopes)) + "]",
    })


@cache
def _insert(table: str) -> TextClause:
    return text(f"""INSERT INTO {table} (event_id, event_type, subject, envelope)
        SELECT event_id, event_type, subject, envelope
          FROM ROWS FROM (unnest(CAST(:event_ids AS uuid[])), unnest(CAST(:event_types AS text[])),
                          unnest(CAST(:subjects AS text[])), jsonb_array_elements(CAST(:envelopes AS jsonb)))
               WITH ORDINALITY AS written (event_id, event_type, subject, envelope, position)
         ORDER BY position""")
