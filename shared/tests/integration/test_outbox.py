"""The transactional outbox: the event row commits and rolls back with the change."""
from __future__ import annotations

import datetime as dt
import decimal
import uuid

import pytest
from mechanism_support import Thing
from sqlalchemy import func, select


def count_events(engine, outbox, subject) -> int:
    with engine.connect() as db:
        return db.scalar(select(func.count()).select_from(outbox).where(outbox.c.subject == subject))


def test_the_event_row_commits_in_the_same_transaction_as_the_change(uow_factory, engine, outbox):
    with uow_factory() as uow:
        thing = Thing(name="widget")
        uow.session.add(thing)
        thing.record("thing.created")
        uow.commit()
    assert count_events(engine, outbox, str(thing.id)) == 1
    with engine.connect() as db:
        envelope = db.scalar(select(outbox.c.envelope).where(outbox.c.subject == str(thing.id)))
    assert envelope["specversion"] == "1.0"
    assert envelope["type"] == "thing.created"
    assert envelope["data"] == {"id": str(thing.id), "name": "widget", "version": 1}


def test_a_change_that_rolls_back_leaves_no_event(uow_factory, engine, outbox):
    with pytest.raises(RuntimeError):
        with uow_factory() as uow:
            thing = Thing(name="doomed")
            uow.session.add(thing)
            thing.record("thing.created")
            uow.flush()
            raise RuntimeError("the use case failed after the flush")
    assert count_events(engine, outbox, str(thing.id)) == 0
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(Thing).where(Thing.id == thing.id)) == 0


def test_event_data_carries_the_version_after_the_change(uow_factory, engine, outbox):
    with uow_factory() as uow:
        thing = Thing(name="v1")
        uow.session.add(thing)
        uow.commit()
    with uow_factory() as uow:
        thing = uow.session.get(Thing, thing.id)
        thing.name = "v2"
        thing.record("thing.updated")
        uow.commit()
    with engine.connect() as db:
        data = db.scalar(select(outbox.c.envelope["data"]).where(outbox.c.subject == str(thing.id)))
    assert data["version"] == 2


def test_deferred_commits_write_the_events_of_objects_nothing_else_holds_after_a_flush(uow_factory, engine, outbox):
    """Many rows, one commit (an import batch, a consumer's batch): a flush along the way leaves each
    created object held only weakly by the session, and one deleted not at all; their events still go out."""
    import gc

    with uow_factory() as uow:
        doomed = Thing(name="doomed")
        uow.session.add(doomed)
        uow.commit()
    subjects = []
    with uow_factory() as uow, uow.deferred_commits():
        for n in range(5):
            thing = Thing(name=f"batch {n}")
            uow.session.add(thing)
            thing.record("thing.created")
            uow.flush()
            subjects.append(str(thing.id))
        gone = uow.session.get(Thing, doomed.id)
        gone.record("thing.deleted")
        uow.session.delete(gone)
        uow.flush()
        del thing, gone
        gc.collect()
    assert [count_events(engine, outbox, subject) for subject in subjects] == [1] * 5
    assert count_events(engine, outbox, str(doomed.id)) == 1


def test_the_events_of_one_commit_are_numbered_in_the_order_they_were_recorded(uow_factory, engine, outbox):
    """One statement writes them all (db/outbox_writes.py); the relay publishes by that number."""
    with uow_factory() as uow, uow.deferred_commits():
        things = [Thing(id=uuid.uuid4(), name=f"ordered {n}") for n in range(30)]
        for thing in things:
            uow.session.add(thing)
            thing.record("thing.created")
        for thing in reversed(things[::3]):
            uow.emit(thing.metadata, "thing.noted", str(thing.id), {"noted": thing.name})
    subjects = {str(thing.id) for thing in things}
    with engine.connect() as db:
        written = db.execute(select(outbox.c.subject, outbox.c.event_type).where(outbox.c.subject.in_(subjects))
                             .order_by(outbox.c.seq)).all()
    assert written == [(str(t.id), "thing.created") for t in things] + [
        (str(t.id), "thing.noted") for t in reversed(things[::3])]


def test_an_envelope_holds_its_data_as_json_writes_it(uow_factory, engine, outbox):
    """Ids, times and amounts in the data go out as strings, each envelope serialised once."""
    subject, when = uuid.uuid4(), dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.timezone.utc)
    data = {"id": subject, "at": when, "on": when.date(), "total": decimal.Decimal("1.50"), "said": 'a "quote" \\'}
    with uow_factory() as uow:
        uow.emit(Thing.metadata, "thing.noted", str(subject), data)
        uow.commit()
    with engine.connect() as db:
        envelope = db.scalar(select(outbox.c.envelope).where(outbox.c.subject == str(subject)))
    assert envelope["data"] == {"id": str(subject), "at": "2026-12-06T12:00:00Z", "on": "2026-12-06",
                                "total": "1.50", "said": 'a "quote" \\'}
    assert (envelope["type"], envelope["subject"], envelope["specversion"]) == ("thing.noted", str(subject), "1.0")
