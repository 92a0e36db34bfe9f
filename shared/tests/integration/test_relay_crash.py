"""A relay killed with SIGKILL mid-stream republishes at most its in-flight window, and loses nothing.

The relay runs as a process of its own (this file, run as a script), as in production.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from b2b_shared.db.engine import make_engine
from b2b_shared.db.tables import outbox_table
from b2b_shared.messaging.relay import OutboxRelay
from mechanism_support import Thing
from sqlalchemy import MetaData, func, select

WINDOW = 256
EVENTS = 5000
KILL_AFTER_SENT = (1000, 2000, 3000)


def test_a_relay_killed_mid_stream_republishes_at_most_its_window(uow_factory, engine, outbox, config, listener,
                                                                 clean_outbox):
    ids = create_things_in_batches(uow_factory, EVENTS)
    for sent in KILL_AFTER_SENT:
        relay = start_relay_process(config)
        wait_until_sent(engine, outbox, at_least=sent)
        relay.send_signal(signal.SIGKILL)
        relay.wait()
    survivor = start_relay_process(config)
    try:
        wait_until_sent(engine, outbox, at_least=EVENTS)
        received = receive_until_quiet(listener)
    finally:
        survivor.terminate()
        survivor.wait(timeout=10)
    subjects = [event["subject"] for event in received]
    assert set(subjects) == set(ids)  # nothing lost
    duplicates = len(received) - len({event["id"] for event in received})
    assert duplicates <= len(KILL_AFTER_SENT) * WINDOW, f"{duplicates} duplicates"


def create_things_in_batches(uow_factory, count: int, batch: int = 500) -> list[str]:
    ids = []
    for start in range(0, count, batch):
        with uow_factory() as uow:
            for n in range(start, min(count, start + batch)):
                thing = Thing(id=uuid.uuid4(), name=f"streamed-{n}")
                uow.session.add(thing)
                thing.record("thing.created")
                ids.append(str(thing.id))
            uow.commit()
    return ids


def start_relay_process(config) -> subprocess.Popen:
    # mechanism_support is importable here because pytest puts shared/tests on the path; so for the child.
    args = [config.database_url, config.amqp_url, config.events_exchange, config.outbox_channel, str(WINDOW)]
    return subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})


def wait_until_sent(engine, outbox, at_least: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while unsent(engine, outbox) > EVENTS - at_least:
        assert time.monotonic() < deadline, f"fewer than {at_least} events were sent in time"
        time.sleep(0.005)


def unsent(engine, outbox) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))


def receive_until_quiet(listener, quiet_seconds: float = 1.0) -> list[dict]:
    received = []
    while batch := listener.receive(EVENTS, timeout=quiet_seconds):
        received += batch
    return received


def run_relay(database_url: str, amqp_url: str, exchange: str, channel: str, window: str) -> None:
    OutboxRelay(make_engine(database_url, 1), outbox_table(MetaData()), amqp_url, exchange, channel,
                poll_seconds=0.2, window=int(window)).run()


if __name__ == "__main__":
    run_relay(*sys.argv[1:])
