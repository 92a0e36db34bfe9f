import uuid

import pytest
from b2b_shared.auth.levels import Level
from b2b_shared.db.events import RecordsEvents
from b2b_shared.errors import Forbidden, NotFound
from b2b_shared.testing import fakes


class Thing(RecordsEvents):
    version = created_at = updated_at = tags = None

    def __init__(self):
        self.id = uuid.uuid4()


class UnitOfWork(fakes.FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.things = fakes.FakeRepository(Thing)


def test_what_is_committed_stays_with_its_events_and_what_is_not_is_taken_back():
    uow, kept, dropped = UnitOfWork(), Thing(), Thing()
    with uow:
        kept.record("thing.created")
        uow.things.add(kept)
        uow.commit()
    with uow:
        dropped.record("thing.created")
        uow.things.add(dropped)
    assert uow.event_types == ["thing.created"] and list(uow.things.rows) == [kept.id] and uow.commits == 1
    assert kept.version == 1 and kept.created_at is not None and kept.tags is None


def test_given_entities_are_saved_and_their_events_forgotten():
    uow, thing = UnitOfWork(), Thing()
    thing.record("thing.created")
    assert uow.given(thing) is thing and uow.things.rows == {thing.id: thing}
    assert fakes.saved(Thing(), "tags").tags == []
    with uow:
        uow.commit()
    assert uow.events == []


def test_a_fake_access_reaches_the_customers_named_and_has_the_principal_s_levels():
    mine, other = uuid.uuid4(), uuid.uuid4()
    access = fakes.reaching(fakes.customer_user(mine, {("role", "VIEW"): Level.CORPORATE}), mine)
    access.check(mine)
    with pytest.raises(NotFound, match="No such customer."):
        access.check(other)
    assert access.to("role", "VIEW").resource == "role"
    with pytest.raises(Forbidden):
        access.to("role", "DELETE")
    assert fakes.FakeAccess(fakes.staff("administrator")).to("role", "DELETE").reaches(other)
