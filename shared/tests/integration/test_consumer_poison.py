"""What still goes to the dead-letter queue: a message whose handler fails for a reason of its
own, however many good messages share its batch; and how failures are told apart."""
from __future__ import annotations

import json
import time
import uuid

import pika
import psycopg
import pytest
import structlog
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import make_envelope
from b2b_shared.messaging.failures import is_transient
from b2b_shared.testing.tcp_proxy import TcpProxy
from mechanism_support import start, wait_for
from sqlalchemy import BigInteger, Column, Identity, MetaData, String, Table, exc, func, insert, select, text

effects = Table("consumer_poison_effects", MetaData(), Column("seq", BigInteger, Identity(), primary_key=True),
                Column("event_id", String(64), nullable=False, index=True))


def record_unless_poisoned(session, event) -> None:
    if event.data.get("poison"):
        raise ValueError("this event can never be applied")
    session.execute(insert(effects).values(event_id=event.id))


@pytest.fixture(scope="module", autouse=True)
def effects_table(engine):
    effects.create(engine, checkfirst=True)


@pytest.fixture(scope="module", autouse=True)
def production_logging():
    """JSON logs, as the services run (the console renderer spends a second per traceback)."""
    configure_logging("WARNING")
    yield
    structlog.reset_defaults()



def test_poison_messages_among_good_ones_are_dead_lettered_and_every_good_one_applied_once(
        config, engine, inbox, queue_name, amqp_url):
    consumer = Consumer(config.amqp_url, config.events_exchange, queue_name, {"thing.happened": record_unless_poisoned},
                        make_session_factory(engine), inbox, delivery_limit=2)
    consumer.declare()
    bodies = [event(poison=n % 100 == 50) for n in range(300)]  # a backlog: they share batches
    publish(amqp_url, config.events_exchange, bodies)
    start(consumer)
    try:
        good = [body["id"] for body in bodies if not body["data"]["poison"]]
        poisoned = {body["id"] for body in bodies if body["data"]["poison"]}
        assert wait_for(lambda: len(dead_lettered_ids(amqp_url, queue_name)) == len(poisoned), timeout=30)
        time.sleep(0.5)
        assert set(dead_lettered_ids(amqp_url, queue_name)) == poisoned
        assert effect_counts(engine, good) == {event_id: 1 for event_id in good}
    finally:
        consumer.stop()


@pytest.mark.parametrize("sql, transient", [
    ("SELECT 1 / 0", False),  # 22012 division_by_zero: the data is wrong
    ("SELECT * FROM no_such_table", False),  # 42P01 undefined_table: the code is wrong
    ("SET LOCAL statement_timeout = '10ms'; SELECT pg_sleep(1)", True),  # 57014 statement_timeout
    ("SELECT pg_terminate_backend(pg_backend_pid())", True),  # 57P01 admin_shutdown
])
def test_a_failure_is_transient_when_the_database_not_the_statement_is_at_fault(engine, sql, transient):
    with pytest.raises(exc.DBAPIError) as raised, engine.begin() as db:
        for statement in sql.split("; "):
            db.execute(text(statement))
    assert is_transient(raised.value) is transient


def test_a_database_out_of_reach_is_transient(database_url):
    proxy = TcpProxy("127.0.0.1", 5432)
    proxy.close()  # its port now refuses
    unreachable = make_engine(f"postgresql://postgres@127.0.0.1:{proxy.port}/postgres", 1)
    with pytest.raises(exc.OperationalError) as raised:
        unreachable.connect()
    assert is_transient(raised.value)


@pytest.mark.parametrize("error, transient", [
    (psycopg.errors.DeadlockDetected("deadlock detected"), True),  # 40P01
    (psycopg.errors.SerializationFailure("could not serialize access"), True),  # 40001
    (psycopg.errors.LockNotAvailable("could not obtain lock"), True),  # 55P03: lock_timeout
    (psycopg.errors.TooManyConnections("too many clients"), True),  # 53300
    (psycopg.errors.CannotConnectNow("the database system is starting up"), True),  # 57P03
    (psycopg.errors.UniqueViolation("duplicate key"), False),  # 23505
    (KeyError("customer_id"), False),  # a handler bug or a malformed event
])
def test_failures_are_sorted_by_sqlstate_class(error, transient):
    assert is_transient(error) is transient


def test_a_handler_error_raised_from_a_transient_one_is_transient():
    try:
        try:
            raise psycopg.errors.AdminShutdown("terminating connection due to administrator command")
        except psycopg.Error as cause:
            raise RuntimeError("could not load the customer") from cause
    except RuntimeError as error:
        assert is_transient(error)


def event(poison: bool) -> dict:
    return make_envelope("thing.happened", "/test", str(uuid.uuid4()), {"poison": poison}, None)


def publish(amqp_url, exchange, bodies: list[dict]) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for body in bodies:
        channel.basic_publish(exchange, "thing.happened", json.dumps(body).encode(), pika.BasicProperties(delivery_mode=2))
    connection.close()


def dead_lettered_ids(amqp_url, queue) -> list[str]:
    """Reads the dead-letter queue without taking anything from it (nothing is acked)."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    ids = []
    while (message := channel.basic_get(f"{queue}.dead-letter"))[0] is not None:
        ids.append(json.loads(message[2])["id"])
    connection.close()  # returns them all to the dead-letter queue
    return ids


def effect_counts(engine, ids: list[str]) -> dict[str, int]:
    with engine.connect() as db:
        return dict(db.execute(select(effects.c.event_id, func.count()).where(effects.c.event_id.in_(ids))
                               .group_by(effects.c.event_id)).all())
