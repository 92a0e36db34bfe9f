"""Price list use cases against the fake unit of work: what they change, what they refuse, and the
events they record."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from b2b_shared.db.paging import Sort
from b2b_shared.errors import Conflict, NotFound, PreconditionFailed, ValidationFailed
from pricing.domain import events
from pricing.domain.assignments import PriceListAssignment
from pricing.domain.price_lists import PriceList
from pricing.services import price_lists as use_cases

JAN, JUN = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2030, 6, 1, tzinfo=dt.timezone.utc)


def existing(uow, **fields) -> PriceList:
    return uow.given(PriceList(id=uuid.uuid4(), **{"name": "Retail", "currencies": ["EUR"], "active": True,
                                                   "active_from": None, "active_to": None, **fields}))


def test_creating_a_price_list_keeps_each_currency_once_in_order_and_records_price_list_created(uow):
    price_list = use_cases.create_price_list(uow, {"name": "Retail", "currencies": ["USD", "EUR", "USD"]})
    assert uow.price_lists.get(price_list.id) is price_list and price_list.currencies == ["EUR", "USD"]
    assert uow.event_types == [events.PRICE_LIST_CREATED] and uow.commits == 1


def test_changing_a_price_list_records_price_list_updated_only_when_something_changed(uow):
    price_list = existing(uow)
    use_cases.update_price_list(uow, price_list.id, {"name": "Retail", "currencies": ["EUR", "EUR"]}, 1)
    assert uow.events == []
    use_cases.update_price_list(uow, price_list.id, {"name": "Trade"}, 1)
    assert price_list.name == "Trade" and uow.event_types == [events.PRICE_LIST_UPDATED]


def test_a_window_end_before_the_start_it_keeps_is_refused(uow):
    price_list = existing(uow, active_from=JUN)
    with pytest.raises(ValidationFailed) as refused:
        use_cases.update_price_list(uow, price_list.id, {"active_to": JAN}, 1)
    assert refused.value.errors == {"active_to": ["Must be after active_from."]}
    assert price_list.active_to is None and uow.events == []


def test_a_stale_version_is_refused_before_anything_is_checked_or_changed(uow):
    price_list = existing(uow, active_from=JUN)
    with pytest.raises(PreconditionFailed):
        use_cases.update_price_list(uow, price_list.id, {"name": "Trade", "active_to": JAN}, 2)
    with pytest.raises(PreconditionFailed):
        use_cases.delete_price_list(uow, price_list.id, 2)
    assert price_list.name == "Retail" and uow.events == []


def test_deleting_a_price_list_records_its_last_state_one_version_on(uow):
    price_list = existing(uow)
    use_cases.delete_price_list(uow, price_list.id, 1)
    assert uow.price_lists.get(price_list.id) is None
    [deleted] = uow.events
    assert deleted.type == events.PRICE_LIST_DELETED
    assert (deleted.snapshot["name"], deleted.snapshot["version"], deleted.snapshot["deleted"]) == ("Retail", 2, True)


def test_deleting_a_price_list_that_is_assigned_is_refused(uow):
    price_list = existing(uow)
    uow.given(PriceListAssignment(id=uuid.uuid4(), price_list_id=price_list.id, level="default", target_id=None))
    with pytest.raises(Conflict):
        use_cases.delete_price_list(uow, price_list.id, 1)
    assert uow.price_lists.get(price_list.id) is price_list and uow.events == []


def test_an_unknown_price_list_is_not_found_by_its_model_name(uow):
    unknown = uuid.uuid4()
    with pytest.raises(NotFound, match=f"PriceList {unknown} does not exist."):
        use_cases.read_price_list(uow, unknown)
    with pytest.raises(NotFound):
        use_cases.update_price_list(uow, unknown, {"name": "X"}, None)


def test_lists_are_filtered_by_name_and_activity(uow):
    existing(uow, name="Retail EUR"), existing(uow, name="Trade", active=False), existing(uow, name="retail USD")
    by_name = Sort("name", None, False)
    items, _ = use_cases.list_price_lists(uow, "RETAIL", None, by_name, 50, None)
    assert [p.name for p in items] == ["Retail EUR", "retail USD"]
    items, _ = use_cases.list_price_lists(uow, None, False, by_name, 50, None)
    assert [p.name for p in items] == ["Trade"]
