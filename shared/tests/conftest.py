"""Fixtures for the mechanism tests; the throwaway service lives in mechanism_support.py."""
from __future__ import annotations

import uuid
from functools import partial

import pika
import pytest
from b2b_shared.config import ServiceConfig
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.migrate import drop_database, ensure_database
from b2b_shared.db.tables import inbox_table, outbox_table
from b2b_shared.db.unit_of_work import UnitOfWork
from mechanism_support import Base, Listener, Thing


@pytest.fixture(scope="session")
def database_url(postgres_url):
    url = f"{postgres_url}/test_shared_{uuid.uuid4().hex[:10]}"
    ensure_database(url)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def config(database_url, amqp_url, events_exchange):
    # A channel of each test's own, so one test's relay is not woken by another's commits.
    return ServiceConfig(service=f"shared-test-{uuid.uuid4().hex[:6]}", database_url=database_url,
                         amqp_url=amqp_url, events_exchange=events_exchange)


@pytest.fixture
def uow_factory(engine, config):
    return partial(UnitOfWork, make_session_factory(engine), config, {Thing: lambda t: {"id": str(t.id), "name": t.name, "version": t.version}})


@pytest.fixture
def outbox():
    return outbox_table(Base.metadata)


@pytest.fixture
def inbox():
    return inbox_table(Base.metadata)


@pytest.fixture
def clean_outbox(engine, outbox):
    """The outbox is shared by this session's tests: start each relay test with none unsent."""
    with engine.begin() as db:
        db.execute(outbox.update().where(outbox.c.published_at.is_(None)).values(published_at=outbox.c.created_at))


@pytest.fixture
def listener(amqp_url, events_exchange):
    """An exclusive queue bound to every event of the session's exchange, read with basic_get."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(events_exchange, "topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, events_exchange, "#")
    yield Listener(connection, channel, queue)
    connection.close()




@pytest.fixture
def queue_name(request, amqp_url):
    """A consumer queue of this test's own; it and its dead-letter queue are deleted afterwards."""
    name = f"test-{request.module.__name__.rpartition('.')[2].removeprefix('test_')}-{uuid.uuid4().hex[:8]}"
    yield name
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.queue_delete(name)
    channel.queue_delete(f"{name}.dead-letter")
    connection.close()
