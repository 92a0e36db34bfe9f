"""Reads on the driver (db/reads.py): the rows a read-only unit of work's Read returns are the rows
session.execute() returns, of every column type the services read; the pooled connection goes back
as it was lent (a write after it is a transaction again); a connection the server dropped is an
invalidated DBAPIError, and the next read works; inside a transaction a Read is the session's."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial

import pytest
from b2b_shared.db.engine import make_session_factory, make_web_engine
from b2b_shared.db.reads import Read
from b2b_shared.db.types import Array
from b2b_shared.db.unit_of_work import UnitOfWork
from b2b_shared.testing.tcp_proxy import TcpProxy
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    bindparam,
    column,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.exc import DBAPIError

METADATA = MetaData()
SAMPLES = Table(
    "read_samples", METADATA,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(50)),
    Column("amount", Numeric(12, 4)),
    Column("at", DateTime(timezone=True)),
    Column("tags", Array(String)),
    Column("path", ARRAY(UUID(as_uuid=True))),
    Column("data", JSONB),
    Column("count", Integer),
)
ONE = Read(select(SAMPLES).where(SAMPLES.c.id == bindparam("id")))
BY_IDS = Read(select(SAMPLES.c.id, SAMPLES.c.name).where(SAMPLES.c.id == func.any(bindparam("ids", type_=ARRAY(UUID(as_uuid=True)))))
              .order_by(SAMPLES.c.name))
UNTYPED = Read(text("SELECT id, data, path, amount, at, tags FROM read_samples WHERE name LIKE :name || '%' ORDER BY name"))
TEXTUAL = Read(text("SELECT id, data, path FROM read_samples WHERE name = :name AND count > 1")
               .columns(column("id", UUID(as_uuid=True)), column("data", JSONB), column("path", Array(UUID(as_uuid=True)))))


@pytest.fixture(scope="module")
def proxy(database_url):
    proxy = TcpProxy.to_server_of(database_url, 5432)
    yield proxy
    proxy.close()


@pytest.fixture(scope="module")
def engine(database_url, proxy):
    # Through a proxy the test can cut; one connection: each test sees what the last one left in it.
    engine = make_web_engine(proxy.url_through(database_url), 1)
    METADATA.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine, config):
    return partial(UnitOfWork, make_session_factory(engine), config, {})


@pytest.fixture
def sample(engine):
    row = {"id": uuid.uuid4(), "name": f"Sample {uuid.uuid4().hex[:6]}", "amount": Decimal("12.5000"),
           "at": datetime(2026, 12, 6, 12, 0, tzinfo=UTC), "tags": ["a", "b"], "path": [uuid.uuid4(), uuid.uuid4()],
           "data": {"nested": [1, "two", None], "ok": True}, "count": 3}
    with engine.begin() as db:
        db.execute(insert(SAMPLES), [row, {**row, "id": uuid.uuid4(), "name": row["name"] + " second"}])
    return row


def read_only(uow, read: Read, params: dict) -> list:
    with uow().without_transaction() as unit:
        return read.all(unit.session, params)


def through_session(engine, read: Read, params: dict) -> list:
    with make_session_factory(engine)() as session:
        return session.execute(read.statement, params).all()


@pytest.mark.parametrize(("read", "params"), [
    (ONE, lambda s: {"id": s["id"]}),
    (BY_IDS, lambda s: {"ids": [s["id"], uuid.uuid4()]}),
    (TEXTUAL, lambda s: {"name": s["name"]}),
    (UNTYPED, lambda s: {"name": s["name"]}),
])
def test_a_read_returns_the_rows_the_session_returns(uow, engine, sample, read, params):
    on_the_driver = read_only(uow, read, params(sample))
    assert on_the_driver == through_session(engine, read, params(sample))
    assert on_the_driver
    assert [row._fields for row in on_the_driver] == [row._fields for row in through_session(engine, read, params(sample))]


def test_the_row_has_each_type_as_the_session_gives_it(uow, sample):
    row = read_only(uow, ONE, {"id": sample["id"]})[0]
    assert row._mapping == sample
    assert row.at.utcoffset().total_seconds() == 0 and row.amount == Decimal("12.5000")


def test_nothing_found_is_no_row(uow):
    with uow().without_transaction() as unit:
        assert ONE.first(unit.session, {"id": uuid.uuid4()}) is None


def test_the_connection_goes_back_in_a_transaction_again(uow, engine, sample):
    read_only(uow, ONE, {"id": sample["id"]})
    with engine.connect() as db:  # the pool's one connection, the one the read used
        db.execute(SAMPLES.update().where(SAMPLES.c.id == sample["id"]).values(count=99))
        db.rollback()  # were it still in autocommit, the change would have stayed
    assert read_only(uow, ONE, {"id": sample["id"]})[0].count == 3


def test_inside_a_transaction_a_read_is_the_sessions(uow, sample):
    with uow() as unit:
        unit.session.execute(SAMPLES.update().where(SAMPLES.c.id == sample["id"]).values(count=7))
        assert ONE.first(unit.session, {"id": sample["id"]}).count == 7  # sees its own uncommitted change
        unit.rollback()


def test_a_dropped_connection_is_an_invalidated_error_and_the_next_read_works(uow, sample, proxy):
    read_only(uow, ONE, {"id": sample["id"]})  # the pooled connection, alive
    proxy.cut()  # the server is gone for it (a restart, a network cut)
    proxy.restore()
    with pytest.raises(DBAPIError) as raised:
        read_only(uow, ONE, {"id": sample["id"]})
    assert raised.value.connection_invalidated
    assert read_only(uow, ONE, {"id": sample["id"]})[0].id == sample["id"]


def test_a_statement_that_would_change_with_its_parameters_is_refused(engine):
    expanding = Read(select(SAMPLES.c.id).where(SAMPLES.c.id.in_(bindparam("ids", expanding=True))))
    with make_session_factory(engine)() as session:
        session.info["b2b.driver_connection"] = None  # not read-only: through the session, which expands it
        assert expanding.all(session, {"ids": [uuid.uuid4()]}) == []
    with pytest.raises(ValueError, match="ANY"):
        expanding._compiled_for(engine.dialect)
