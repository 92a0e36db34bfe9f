"""The outbox relay against the real broker: publishes, survives a broker or database outage, shares work."""
from __future__ import annotations

import time
import uuid
from urllib.parse import urlparse

import pytest
from b2b_shared.messaging.outbox_claims import APPLICATION_NAME
from b2b_shared.messaging.relay import OutboxRelay
from b2b_shared.testing.tcp_proxy import TcpProxy
from mechanism_support import Thing, start
from sqlalchemy import func, select, text


def make_relay(engine, outbox, config, amqp_url=None):
    return OutboxRelay(engine, outbox, amqp_url or config.amqp_url, config.events_exchange, config.outbox_channel,
                       poll_seconds=0.2)


def create_things(uow_factory, count: int, prefix: str = "thing") -> list[str]:
    ids = []
    with uow_factory() as uow:
        for n in range(count):
            thing = Thing(id=uuid.uuid4(), name=f"{prefix}-{n}")
            uow.session.add(thing)
            thing.record("thing.created")
            ids.append(str(thing.id))
        uow.commit()
    return ids


def wait_until_all_published(engine, outbox, timeout: float = 10.0) -> None:
    """The listener may see an event before the relay records it as sent; wait for the record so that
    a later fault does not make the relay (rightly, at least once) send it again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as db:
            if not db.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))):
                return
        time.sleep(0.05)
    raise AssertionError("the relay did not record its publications")


@pytest.fixture
def relays():
    running = []
    yield running
    for relay in running:
        relay.stopping.set()


def test_a_committed_event_arrives_on_the_exchange_as_a_cloudevent(uow_factory, engine, outbox, config, listener,
                                                                   relays, clean_outbox):
    relays.append(make_relay(engine, outbox, config))
    start(relays[0])
    [thing_id] = create_things(uow_factory, 1)
    [event] = listener.receive(1)
    assert event["type"] == "thing.created"
    assert event["subject"] == thing_id
    assert event["source"] == config.event_source


def test_events_committed_while_the_broker_is_unreachable_arrive_after_it_returns(
        uow_factory, engine, outbox, config, listener, relays, clean_outbox):
    broker = urlparse(config.amqp_url)
    proxy = TcpProxy(broker.hostname, broker.port or 5672)
    proxied_url = config.amqp_url.replace(f"{broker.hostname}:{broker.port or 5672}", f"127.0.0.1:{proxy.port}")
    relays.append(make_relay(engine, outbox, config, proxied_url))
    start(relays[0])
    create_things(uow_factory, 1, "before")
    assert len(listener.receive(1)) == 1
    wait_until_all_published(engine, outbox)

    proxy.cut()
    ids = create_things(uow_factory, 5, "during-outage")
    assert listener.receive(5, timeout=1.5) == []
    with engine.connect() as db:
        unsent = db.scalar(select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None)))
    assert unsent == 5

    proxy.restore()
    received = listener.receive(5, timeout=15)
    assert sorted(event["subject"] for event in received) == sorted(ids)
    proxy.close()


def test_two_relay_replicas_publish_every_event_once(uow_factory, engine, outbox, config, listener, relays,
                                                     clean_outbox):
    relays.extend([make_relay(engine, outbox, config), make_relay(engine, outbox, config)])
    for relay in relays:
        start(relay)
    ids = create_things(uow_factory, 300, "replicated")
    received = listener.receive(300, timeout=20)
    assert sorted(event["subject"] for event in received) == sorted(ids)
    assert listener.receive(1, timeout=0.5) == []  # and nothing twice


def test_events_committed_after_the_relay_lost_its_database_session_arrive(uow_factory, engine, outbox, config,
                                                                           listener, relays, clean_outbox):
    relays.append(make_relay(engine, outbox, config))
    start(relays[0])
    create_things(uow_factory, 1, "before")
    assert len(listener.receive(1)) == 1
    wait_until_all_published(engine, outbox)

    with engine.connect() as db:
        killed = db.scalar(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                " WHERE application_name = :name AND datname = current_database()"),
                           {"name": APPLICATION_NAME})
    assert killed >= 1
    ids = create_things(uow_factory, 5, "after-database-loss")
    received = listener.receive(5, timeout=15)
    assert sorted(event["subject"] for event in received) == sorted(ids)
