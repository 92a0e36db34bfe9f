"""`republish` against the real database and broker: every live aggregate and the tombstone of every
deleted one go out as `<aggregate>.snapshot` events, through the outbox and the relay."""
from __future__ import annotations

import uuid

from b2b_shared.messaging.relay import OutboxRelay
from b2b_shared.messaging.republish import republish
from mechanism_support import Thing, start
from sqlalchemy import func, select

SERIALIZERS = {Thing: lambda thing: {"id": str(thing.id), "name": thing.name, "version": thing.version}}


def create(uow_factory, name: str) -> uuid.UUID:
    with uow_factory() as uow:
        thing = Thing(id=uuid.uuid4(), name=name)
        uow.session.add(thing)
        thing.record("thing.created")
        uow.commit()
        return thing.id


def rename(uow_factory, thing_id: uuid.UUID, name: str) -> None:
    with uow_factory() as uow:
        thing = uow.session.get(Thing, thing_id)
        thing.name = name
        thing.record("thing.updated")
        uow.commit()


def delete(uow_factory, thing_id: uuid.UUID) -> None:
    """As Versioned.record_deletion does: the last state with `deleted` at version + 1."""
    with uow_factory() as uow:
        thing = uow.session.get(Thing, thing_id)
        thing.record("thing.deleted", snapshot={"id": str(thing.id), "name": thing.name,
                                                "version": thing.version + 1, "deleted": True})
        uow.session.delete(thing)
        uow.commit()


def test_live_and_deleted_aggregates_go_out_as_snapshots_through_the_relay(uow_factory, engine, outbox, config,
                                                                            listener, clean_outbox):
    kept, renamed, deleted = (create(uow_factory, name) for name in ("kept", "renamed", "deleted"))
    rename(uow_factory, renamed, "renamed twice")
    delete(uow_factory, deleted)
    with engine.begin() as db:  # what the relay sent so far is not what this test is about
        db.execute(outbox.update().where(outbox.c.published_at.is_(None)).values(published_at=func.now()))
        live = db.scalar(select(func.count()).select_from(Thing))
        tombstones = db.scalar(select(func.count(func.distinct(outbox.c.subject)))
                               .where(outbox.c.event_type == "thing.deleted"))

    assert republish(engine, outbox, config, {Thing: "thing"}, SERIALIZERS) == live + tombstones

    relay = OutboxRelay(engine, outbox, config.amqp_url, config.events_exchange, config.outbox_channel,
                        poll_seconds=0.2)
    start(relay)
    try:
        received = listener.receive(live + tombstones, timeout=20)
    finally:
        relay.stopping.set()
    mine = {event["subject"]: event for event in received if event["subject"] in {str(kept), str(renamed),
                                                                                   str(deleted)}}
    assert {event["type"] for event in received} == {"thing.snapshot"}
    assert mine[str(kept)]["data"] == {"id": str(kept), "name": "kept", "version": 1}
    assert mine[str(renamed)]["data"] == {"id": str(renamed), "name": "renamed twice", "version": 2}
    assert mine[str(deleted)]["data"] == {"id": str(deleted), "name": "deleted", "version": 2, "deleted": True}
    assert listener.receive(1, timeout=0.5) == []  # one snapshot each, nothing else

