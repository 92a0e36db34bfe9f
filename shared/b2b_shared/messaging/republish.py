"""`b2b-service republish <service>`: the owner of some aggregates writes the current state of every
one of them into its outbox as `<aggregate>.snapshot` events, so that a consumer's read model can
be rebuilt (after a lost event, a restored backup, or a new consumer that missed history).

- Live aggregates are read in one REPEATABLE READ snapshot and rendered by the service's own
  event serializers (messaging/published.py): a snapshot carries exactly what `*.updated` would.
- Deleted aggregates are no longer in their table; their last `<aggregate>.deleted` outbox row is
  their tombstone (data with `"deleted": true` at version + 1) and is republished as a snapshot
  too, so a read model that missed a deletion drops the row. (Whoever prunes the outbox one day
  must keep the last `.deleted` row per subject.)
- Consumers apply a snapshot only when its version is newer than what they hold, so republishing
  is safe at any time, beside live traffic, and any number of times.
- Rows go through the outbox and the relay like any event: published at the relay's rate, at least
  once, in order per aggregate.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from sqlalchemy import Engine, Table, func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from ..config import ServiceConfig
from ..db.outbox_writes import insert_envelopes
from ..db.unit_of_work import Serializers
from .envelope import new_envelope

BATCH = 1000  # outbox rows per transaction: bounded memory and lock time for any table size


def snapshot_type(prefix: str) -> str:
    return f"{prefix}.snapshot"


def republish(engine: Engine, outbox: Table, config: ServiceConfig, aggregates: Mapping[type, str],
              serializers: Serializers) -> int:
    """Writes one snapshot per live or deleted aggregate of the `aggregates` types (model -> event
    prefix, e.g. {Customer: "customer"}); returns how many rows it wrote."""
    written = 0
    with Session(engine) as reader:
        reader.connection(execution_options={"isolation_level": "REPEATABLE READ", "postgresql_readonly": True})
        snapshots = _snapshots(reader, outbox, aggregates, serializers)
        while chunk := list(islice(snapshots, BATCH)):  # itertools.batched once Python 3.12 is the floor
            _write(engine, outbox, config, chunk)
            written += len(chunk)
    return written


def _snapshots(session: Session, outbox: Table, aggregates: Mapping[type, str],
               serializers: Serializers) -> Iterator[tuple[str, str, dict]]:
    for model, prefix in aggregates.items():
        for aggregate in session.scalars(select(model).execution_options(yield_per=BATCH)):
            yield snapshot_type(prefix), str(aggregate.id), serializers[model](aggregate)
        yield from ((snapshot_type(prefix), subject, data) for subject, data in _tombstones(session, outbox, prefix))


def _tombstones(session: Session, outbox: Table, prefix: str) -> Iterable[tuple[str, dict]]:
    """The last deletion event of every deleted aggregate of this prefix."""
    last = (select(outbox.c.subject, outbox.c.envelope["data"].label("data"))
            .where(outbox.c.event_type == f"{prefix}.deleted")
            .ext(distinct_on(outbox.c.subject)).order_by(outbox.c.subject, outbox.c.seq.desc()))
    return ((row.subject, row.data) for row in session.execute(last.execution_options(yield_per=BATCH)))


def _write(engine: Engine, outbox: Table, config: ServiceConfig, chunk: list[tuple[str, str, Any]]) -> None:
    envelopes = [new_envelope(event_type, config.event_source, subject, data, None)
                 for event_type, subject, data in chunk]
    with engine.begin() as connection:
        insert_envelopes(connection, outbox, envelopes)
        connection.execute(select(func.pg_notify(config.outbox_channel, "")))  # wakes the relay at commit
