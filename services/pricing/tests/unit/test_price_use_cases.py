"""Bulk writes of a list's prices against the fake unit of work: the counts they answer, the one
event per request, and the rows they refuse."""
from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest
from b2b_shared.errors import NotFound, ValidationFailed
from pricing.domain import events
from pricing.domain.price_lists import MAX_BULK_ROWS, PriceList
from pricing.services import prices as use_cases


@pytest.fixture
def price_list(uow) -> PriceList:
    return uow.given(PriceList(id=uuid.uuid4(), name="Retail", currencies=["EUR", "USD"], active=True))


def row(sku="S1", quantity="1", value="10", currency="EUR", unit="item") -> dict:
    return {"sku": sku, "unit": unit, "currency": currency, "quantity": D(quantity), "value": D(value)}


def test_an_upsert_answers_what_it_did_and_records_one_prices_changed_event_with_the_counts(uow, price_list):
    use_cases.upsert_prices(uow, price_list.id, [row(value="10"), row(quantity="10", value="9")])
    counts = use_cases.upsert_prices(uow, price_list.id, [row(value="11"), row(quantity="10", value="9"),
                                                          row(sku="S2")])
    assert counts == {"received": 3, "created": 1, "updated": 1, "unchanged": 1, "deleted": 0}
    assert uow.event_types == [events.PRICES_CHANGED, events.PRICES_CHANGED]
    assert uow.events[-1].snapshot == {"price_list_id": str(price_list.id), **counts}


def test_an_upsert_that_changes_no_price_records_nothing(uow, price_list):
    use_cases.upsert_prices(uow, price_list.id, [row()])
    counts = use_cases.upsert_prices(uow, price_list.id, [row()])
    assert counts["unchanged"] == 1 and uow.event_types == [events.PRICES_CHANGED] and uow.commits == 2


def test_prices_in_a_currency_the_list_is_not_kept_in_are_refused_by_row(uow, price_list):
    with pytest.raises(ValidationFailed) as refused:
        use_cases.upsert_prices(uow, price_list.id, [row(), row(sku="S2", currency="JPY")])
    assert refused.value.errors == {"1": ["This price list is kept in EUR, USD only."]}
    assert uow.prices.values == {} and uow.events == []


def test_two_rows_for_one_price_are_refused_naming_the_first(uow, price_list):
    with pytest.raises(ValidationFailed) as refused:
        use_cases.upsert_prices(uow, price_list.id, [row(), row(sku="S2"), row(value="12")])
    assert refused.value.errors == {"2": ["Same sku, unit, currency and quantity as row 0."]}


@pytest.mark.parametrize("count", [0, MAX_BULK_ROWS + 1])
def test_a_bulk_request_takes_one_to_ten_thousand_rows(uow, price_list, count):
    with pytest.raises(ValidationFailed):
        use_cases.upsert_prices(uow, price_list.id, [row(sku=f"S{i}") for i in range(count)])
    with pytest.raises(ValidationFailed):
        use_cases.delete_prices(uow, price_list.id, [{"sku": f"S{i}"} for i in range(count)])


def test_prices_of_an_unknown_list_are_not_found(uow):
    with pytest.raises(NotFound):
        use_cases.upsert_prices(uow, uuid.uuid4(), [row()])
    with pytest.raises(NotFound):
        use_cases.list_prices(uow, uuid.uuid4(), None, 50, None)


def test_a_delete_key_without_unit_currency_or_quantity_matches_any_and_is_counted(uow, price_list):
    use_cases.upsert_prices(uow, price_list.id, [row(), row(quantity="10"), row(currency="USD"), row(sku="S2")])
    counts = use_cases.delete_prices(uow, price_list.id, [{"sku": "S1", "currency": "EUR"}])
    assert counts == {"received": 1, "created": 0, "updated": 0, "unchanged": 0, "deleted": 2}
    items, _ = use_cases.list_prices(uow, price_list.id, None, 50, None)
    assert [(p.sku, p.currency) for p in items] == [("S1", "USD"), ("S2", "EUR")]


def test_a_delete_that_finds_nothing_records_nothing(uow, price_list):
    counts = use_cases.delete_prices(uow, price_list.id, [{"sku": "NONE"}])
    assert counts["deleted"] == 0 and uow.events == []
