"""Which price an item gets from a chain of lists, by both strategies (domain/strategies.py). No I/O.
The table of cases (tests/strategy_cases.py) is run end to end too (integration/test_strategies_api.py)."""
from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest
from pricing.domain.chain import Link
from pricing.domain.resolution import Item, price_items, resolve
from pricing.domain.strategies import MERGE_BY_PRIORITY, MINIMAL_PRICES, STRATEGIES, ListedPrice

A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def chain(*links) -> list[Link]:
    return [Link(list_id, level, merge) for list_id, level, merge in links]


def answers(strategy: str, case) -> list:
    """The case's items priced by `strategy`, as (price, list name) or None."""
    ids = {name: uuid.uuid4() for name, _, _ in case.lists}
    names = {list_id: name for name, list_id in ids.items()}
    links = [Link(ids[name], case.levels()[name], merge) for name, merge, _ in case.lists]
    prices: dict[str, list[ListedPrice]] = {}
    for name, _, rows in case.lists:
        for sku, unit, currency, quantity, value in rows:
            prices.setdefault(sku, []).append(ListedPrice(ids[name], unit, currency, D(quantity), D(value)))
    found = []
    for sku, unit, currency, quantity in case.items:  # one currency per request, as the API takes it
        offer = price_items(strategy, links, currency, [Item(sku, unit, D(quantity))], prices).get(0)
        found.append(None if offer is None else (str(offer.value), names[offer.price_list_id]))
    return found


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_each_strategy_prices_every_case_as_orocommerce_would(strategy, strategy_case):
    assert answers(strategy, strategy_case) == list(strategy_case.expected[strategy])


def test_merge_by_priority_takes_each_tier_from_the_first_list_that_has_it(source_of):
    source = source_of((A, "X", 1, "10"), (B, "X", 1, "9"), (B, "X", 10, "8"))
    few, many = resolve(MERGE_BY_PRIORITY, chain((A, "customer", True), (B, "default", True)), "EUR",
                        [Item("X", "item", D(5)), Item("X", "item", D(10))], source)
    assert (few.price, few.price_list_id, few.level) == (D(10), A, "customer")
    assert (many.price, many.tier, many.price_list_id, many.level) == (D(8), D(10), B, "default")


def test_minimal_prices_takes_the_lowest_value_of_each_tier(source_of):
    source = source_of((A, "X", 1, "10"), (B, "X", 1, "9"), (C, "X", 1, "9.5"))
    [result] = resolve(MINIMAL_PRICES, chain((A, "customer", True), (B, "customer_group", False), (C, "default", True)),
                       "EUR", [Item("X", "item", D(1))], source)
    assert (result.price, result.price_list_id, result.level) == (D(9), B, "customer_group")


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_items_come_back_in_request_order_from_one_query_whatever_their_number(strategy, source_of):
    source = source_of(*[(A, f"S{n}", 1, n) for n in range(50)])
    items = [Item(f"S{n}", "item", D(1)) for n in reversed(range(50))]
    results = resolve(strategy, chain((A, "customer", True), (C, "default", False)), "EUR", items, source)
    assert [r.price for r in results] == [D(n) for n in reversed(range(50))]
    assert source.queries == 1


def test_an_empty_chain_prices_nothing_and_asks_nothing(source_of):
    source = source_of((A, "X", 1, "10"))
    assert resolve(MERGE_BY_PRIORITY, [], "EUR", [Item("X", "item", D(1))], source)[0].price is None
    assert source.queries == 0


def test_prices_stay_exact_decimals(source_of):
    source = source_of((A, "X", "0.5", "0.1", "kg"), (A, "X", "2.5", "0.30", "kg"))
    results = resolve(MERGE_BY_PRIORITY, chain((A, "customer", True)), "EUR",
                      [Item("X", "kg", D("2.49")), Item("X", "kg", D("2.5"))], source)
    assert [str(r.price) for r in results] == ["0.1", "0.30"]
