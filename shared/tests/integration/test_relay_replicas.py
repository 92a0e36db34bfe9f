"""Two relay replicas share one outbox: both claim at once, and each event is published exactly once."""
from __future__ import annotations

import threading
import time
import uuid

from b2b_shared.messaging.outbox_claims import LOCK_SPACE
from b2b_shared.messaging.relay import OutboxRelay
from mechanism_support import Thing, start
from sqlalchemy import text

EVENTS = 3000


def test_two_replicas_claim_side_by_side_and_publish_every_event_exactly_once(uow_factory, engine, outbox, config,
                                                                             listener, clean_outbox):
    relays = [OutboxRelay(engine, outbox, config.amqp_url, config.events_exchange, config.outbox_channel,
                          poll_seconds=0.2, batch_size=256, window=256) for _ in range(2)]  # claims smaller than a commit
    threads = [start(relay) for relay in relays]
    with ClaimWatcher(engine) as claims:
        ids = create_things_in_batches(uow_factory, EVENTS)
        received = listener.receive(EVENTS, timeout=60)
    for relay, thread in zip(relays, threads):
        relay.stopping.set()
        thread.join(timeout=5)
    assert sorted(event["subject"] for event in received) == sorted(ids)
    assert listener.receive(1, timeout=1.0) == []  # and nothing twice
    assert claims.most_holders_at_once == 2


class ClaimWatcher:
    """Samples pg_locks: how many sessions held relay claims at the same moment."""

    def __init__(self, engine):
        self._engine = engine
        self._done = threading.Event()
        self.most_holders_at_once = 0

    def __enter__(self) -> "ClaimWatcher":
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        query = text("SELECT count(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = :space"
                     " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        with self._engine.connect() as db:
            while not self._done.is_set():
                holders = db.scalar(query, {"space": LOCK_SPACE})
                self.most_holders_at_once = max(self.most_holders_at_once, holders)
                time.sleep(0.002)


def create_things_in_batches(uow_factory, count: int, batch: int = 500) -> list[str]:
    ids = []
    for first in range(0, count, batch):
        with uow_factory() as uow:
            for n in range(first, min(count, first + batch)):
                thing = Thing(id=uuid.uuid4(), name=f"shared-{n}")
                uow.session.add(thing)
                thing.record("thing.created")
                ids.append(str(thing.id))
            uow.commit()
    return ids
