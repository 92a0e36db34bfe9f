"""Which price an item gets from a chain of lists: priority, tiers, the merge stop. No I/O."""
from __future__ import annotations

import uuid
from decimal import Decimal as D

from pricing.domain.chain import Link
from pricing.domain.resolution import Item, resolve

A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def chain(*links) -> list[Link]:
    return [Link(list_id, level, merge) for list_id, level, merge in links]


def test_the_first_list_in_the_chain_that_has_the_sku_gives_the_price(source_of):
    source = source_of((A, "X", D(1), D("10")), (B, "X", D(1), D("9")))
    [result] = resolve(chain((A, "customer", True), (B, "default", True)), "EUR", [Item("X", "item", D(1))], source)
    assert (result.price, result.price_list_id, result.level) == (D("10"), A, "customer")


def test_the_largest_tier_not_above_the_quantity_applies(source_of):
    source = source_of((A, "X", D(1), D("10")), (A, "X", D(10), D("9")), (A, "X", D(100), D("8")))
    results = resolve(chain((A, "customer", True)), "EUR", [Item("X", "item", D(q)) for q in (1, 9, 10, 99, 500)], source)
    assert [(r.tier, r.price) for r in results] == [(D(1), D(10)), (D(1), D(10)), (D(10), D(9)), (D(10), D(9)),
                                                    (D(100), D(8))]


def test_tiers_are_not_mixed_across_lists_but_a_list_without_a_low_enough_tier_is_passed_over(source_of):
    source = source_of((A, "X", D(10), D("7")), (B, "X", D(1), D("9")), (B, "X", D(50), D("5")))
    few, many = resolve(chain((A, "customer", True), (B, "default", True)), "EUR",
                        [Item("X", "item", D(5)), Item("X", "item", D(60))], source)
    assert (few.price, few.price_list_id) == (D(9), B)
    assert (many.price, many.price_list_id) == (D(7), A)


def test_a_list_that_does_not_allow_merging_and_has_the_sku_stops_the_search(source_of):
    source = source_of((A, "X", D(1), D("10"), "kg"), (B, "X", D(1), D("9")))
    [result] = resolve(chain((A, "customer", False), (B, "default", True)), "EUR", [Item("X", "item", D(1))], source)
    assert result.price is None and result.price_list_id is None


def test_a_list_that_does_not_allow_merging_but_lacks_the_sku_does_not_stop_the_search(source_of):
    source = source_of((A, "Y", D(1), D("10")), (B, "X", D(1), D("9")))
    [result] = resolve(chain((A, "customer", False), (B, "default", True)), "EUR", [Item("X", "item", D(1))], source)
    assert (result.price, result.level) == (D(9), "default")


def test_unit_and_currency_must_match_and_an_unmatched_item_is_null(source_of):
    source = source_of((A, "X", D(1), D("10"), "set"), (A, "X", D(1), D("11"), "item", "USD"))
    [result] = resolve(chain((A, "customer", True)), "EUR", [Item("X", "item", D(1))], source)
    assert result.price is None


def test_items_come_back_in_request_order_from_one_query_whatever_their_number(source_of):
    source = source_of(*[(A, f"S{n}", D(1), D(n)) for n in range(50)])
    items = [Item(f"S{n}", "item", D(1)) for n in reversed(range(50))]
    results = resolve(chain((A, "customer", True), (C, "default", False)), "EUR", items, source)
    assert [r.price for r in results] == [D(n) for n in reversed(range(50))]
    assert source.queries == 1


def test_prices_stay_exact_decimals(source_of):
    source = source_of((A, "X", "0.5", "0.1", "kg"), (A, "X", "2.5", "0.30", "kg"))
    results = resolve(chain((A, "customer", True)), "EUR", [Item("X", "kg", D("2.49")), Item("X", "kg", D("2.5"))],
                      source)
    assert [str(r.price) for r in results] == ["0.1", "0.30"]
