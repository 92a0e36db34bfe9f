"""The pipeline the reliability tests put under faults: the mechanism test service's `things`, their
outbox, a relay and a consumer whose handler writes one effect row per application (no unique key,
so an event applied twice shows as two rows). Relays and consumers can run as processes of their
own (this file as a script), to be SIGKILLed as in production."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.tables import inbox_table, outbox_table
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.relay import OutboxRelay
from sqlalchemy import BigInteger, Column, Engine, Identity, MetaData, String, Table, insert, select

EFFECTS = Table("reliability_effects", MetaData(), Column("seq", BigInteger, Identity(), primary_key=True),
                Column("queue", String(200), nullable=False, index=True),
                Column("event_id", String(64), nullable=False))
EVENT_TYPE = "thing.created"


def apply_effect(queue: str):
    def handler(session, event) -> None:
        session.execute(insert(EFFECTS).values(queue=queue, event_id=event.id))
    return handler


def make_consumer(database_url: str, amqp_url: str, exchange: str, queue: str, **options) -> Consumer:
    metadata = MetaData()
    return Consumer(amqp_url, exchange, queue, {EVENT_TYPE: apply_effect(queue)},
                    make_session_factory(make_engine(database_url, 2)), inbox_table(metadata),
                    reconnect_seconds=0.2, **options)


def make_relay(database_url: str, amqp_url: str, exchange: str, channel: str) -> OutboxRelay:
    return OutboxRelay(make_engine(database_url, 2), outbox_table(MetaData()), amqp_url, exchange, channel,
                       poll_seconds=0.2)


def committed_ids(engine: Engine, subjects: set[str]) -> list[str]:
    outbox = outbox_table(MetaData())
    with engine.connect() as db:
        rows = db.execute(select(outbox.c.event_id, outbox.c.subject).where(outbox.c.event_type == EVENT_TYPE))
        return [str(row.event_id) for row in rows if row.subject in subjects]


def applied_ids(engine: Engine, queue: str) -> list[str]:
    with engine.connect() as db:
        return list(db.scalars(select(EFFECTS.c.event_id).where(EFFECTS.c.queue == queue)))


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def start_process(role: str, *args: str) -> subprocess.Popen:
    """`relay` or `consumer` in a process of its own, to be SIGKILLed."""
    return subprocess.Popen([sys.executable, __file__, role, *args], stdout=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent)})


if __name__ == "__main__":
    configure_logging("WARNING")
    role, *arguments = sys.argv[1:]
    loop = make_relay(*arguments) if role == "relay" else make_consumer(*arguments)
    loop.run()
