"""Handlers that apply a batch for a few statements (b2b_shared/messaging/batches.py): the prepare
step sees the batch's new events once, deferred rows are written in one statement at commit and
only then, and an upsert of the batch's rows keeps the newest version of each."""
from __future__ import annotations

import json
import uuid

import pytest
from b2b_shared.db.engine import make_session_factory
from b2b_shared.messaging.batches import Batched, by_column, deferred_rows, newest, upsert_newer
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.messaging.envelope import CloudEvent, make_envelope
from b2b_shared.testing.statements import statements_sent
from sqlalchemy import Column, Integer, MetaData, String, Table, select
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

states = Table("batched_handler_states", MetaData(), Column("id", UUID(as_uuid=True), primary_key=True),
               Column("version", Integer, nullable=False), Column("lineage", ARRAY(UUID(as_uuid=True))),
               Column("tags", ARRAY(String(20))), Column("data", JSONB))
UPSERT = upsert_newer(states)


@pytest.fixture(scope="module", autouse=True)
def states_table(engine):
    states.create(engine, checkfirst=True)


def write_states(session, rows: list[dict]) -> None:
    session.execute(UPSERT, by_column(newest(rows), states))


class Recorder:
    """A batched handler that remembers what its prepare step was given, and fails on `poison`."""

    def __init__(self):
        self.prepared: list[list[str]] = []

    def prepare(self, session, events: list[CloudEvent]) -> None:
        self.prepared.append([event.id for event in events])

    def handle(self, session, event: CloudEvent) -> None:
        if event.data.get("poison"):
            raise ValueError("this event can never be applied")
        subject = uuid.UUID(event.data["id"])
        deferred_rows(session, write_states).append({"id": subject, "version": event.data["version"],
                                                     "lineage": [subject], "tags": ['a "quoted", tag', None],
                                                     "data": {"n": event.data["version"]}})


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def consumer(config, engine, inbox, queue_name, recorder):
    return Consumer(config.amqp_url, config.events_exchange, queue_name,
                    {"thing.changed": Batched(recorder.handle, recorder.prepare)}, make_session_factory(engine), inbox)


def changed(subject: uuid.UUID, version: int, **extra) -> CloudEvent:
    return CloudEvent.from_json(json.dumps(make_envelope("thing.changed", "/test", str(subject), {
        "id": str(subject), "version": version, **extra}, None)).encode())


def stored(engine, subject: uuid.UUID):
    with engine.connect() as db:
        return db.execute(select(states).where(states.c.id == subject)).first()


def test_the_prepare_step_gets_the_batchs_new_events_once_and_the_rows_go_out_in_one_statement(
        consumer, recorder, engine):
    subjects = [uuid.uuid4() for _ in range(3)]
    seen = changed(subjects[0], 1)
    consumer.process(seen)
    fresh = [changed(subject, 2) for subject in subjects]
    with statements_sent() as sent:
        assert consumer.process_all([seen, *fresh, fresh[0]]) == ["duplicate", "applied", "applied", "applied",
                                                                  "duplicate"]
    assert recorder.prepared[-1] == [event.id for event in fresh]
    assert len([s for s in sent if s.startswith("INSERT INTO batched_handler_states")]) == 1
    row = stored(engine, subjects[1])
    assert (row.version, row.lineage, row.tags, row.data) == (2, [subjects[1]], ['a "quoted", tag', None], {"n": 2})


def test_the_newest_version_of_a_row_stands_whatever_order_the_batch_brings_them_in(consumer, engine):
    subject = uuid.uuid4()
    consumer.process_all([changed(subject, 3), changed(subject, 5), changed(subject, 4)])
    assert stored(engine, subject).version == 5
    consumer.process_all([changed(subject, 2)])  # late: an older version changes nothing
    assert stored(engine, subject).version == 5


def test_a_failing_batch_writes_none_of_its_deferred_rows_and_each_event_then_applies_alone(consumer, engine):
    good, bad = uuid.uuid4(), uuid.uuid4()
    batch = [changed(good, 1), changed(bad, 1, poison=True)]
    with pytest.raises(ValueError):
        consumer.process_all(batch)
    assert stored(engine, good) is None
    assert consumer.process(batch[0]) == "applied" and stored(engine, good).version == 1


def test_each_rows_json_document_lands_beside_its_own_columns_whatever_it_holds(engine):
    """A JSON column travels as one JSON array beside the other columns' arrays (batches.py _unnest)."""
    documents = [{"said": 'a "quoted" \\ word', "nested": {"list": [1, None, "{}"]}}, None, [], "text", {"n": 4}]
    rows = [{"id": uuid.uuid4(), "version": n, "lineage": [], "tags": [f"t{n}"], "data": document}
            for n, document in enumerate(documents)]
    with engine.begin() as db:
        db.execute(UPSERT, by_column(rows, states))
    for row in rows:
        assert tuple(stored(engine, row["id"]))[1:] == (row["version"], [], row["tags"], row["data"])
