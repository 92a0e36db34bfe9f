"""The cases both strategies are held to, once as pure domain (tests/unit/test_strategies.py) and
once end to end through POST /prices/resolve on PostgreSQL (tests/integration/
test_strategies_api.py): chains of three to five lists over the levels, mixed tiers, merge stops
in every position, several units and currencies, quantities at, between and below tiers.

A case's lists are in chain order, each (name, merge_allowed, prices) with prices of
(sku, unit, currency, tier quantity, value); items are (sku, unit, currency, quantity); each
strategy expects, per item, (price, list name) or None. conftest.py hands them to tests that ask
for `strategy_case`.
"""
from __future__ import annotations

from dataclasses import dataclass

MERGE, MINIMAL = "merge_by_priority", "minimal_prices"

# The level each list of a chain of n lists is assigned at (priority: its place among them).
LEVELS = {
    3: ("customer", "customer_group", "default"),
    4: ("customer", "customer", "customer_group", "default"),
    5: ("customer", "customer", "customer_group", "customer_group", "default"),
}


@dataclass(frozen=True)
class Case:
    name: str
    lists: tuple
    items: tuple
    expected: dict

    def levels(self) -> dict[str, str]:
        return {name: level for (name, _, _), level in zip(self.lists, LEVELS[len(self.lists)])}


CASES = (
    Case("tiers_mix_across_lists",
         lists=(("A", True, (("X", "item", "EUR", "1", "10.00"),)),
                ("B", True, (("X", "item", "EUR", "1", "9.50"), ("X", "item", "EUR", "10", "8.00"))),
                ("C", True, (("X", "item", "EUR", "10", "8.50"), ("X", "item", "EUR", "100", "7.00")))),
         items=(("X", "item", "EUR", "0.5"), ("X", "item", "EUR", "1"), ("X", "item", "EUR", "5"),
                ("X", "item", "EUR", "10"), ("X", "item", "EUR", "99"), ("X", "item", "EUR", "100"),
                ("X", "item", "EUR", "1000")),
         expected={MERGE: (None, ("10.00", "A"), ("10.00", "A"), ("8.00", "B"), ("8.00", "B"), ("7.00", "C"),
                           ("7.00", "C")),
                   MINIMAL: (None, ("9.50", "B"), ("9.50", "B"), ("8.00", "B"), ("8.00", "B"), ("7.00", "C"),
                             ("7.00", "C"))}),
    Case("merge_stop_first",
         lists=(("A", False, (("X", "item", "EUR", "10", "6.00"),)),
                ("B", True, (("X", "item", "EUR", "1", "9.00"),)),
                ("C", True, (("X", "item", "EUR", "1", "8.00"), ("Y", "item", "EUR", "1", "5.00"))),
                ("D", False, (("Y", "item", "EUR", "1", "4.00"),))),
         items=(("X", "item", "EUR", "1"), ("X", "item", "EUR", "10"), ("Y", "item", "EUR", "1")),
         expected={MERGE: (None, ("6.00", "A"), ("5.00", "C")),
                   MINIMAL: (("8.00", "C"), ("6.00", "A"), ("4.00", "D"))}),
    Case("merge_stop_in_the_middle",
         lists=(("A", True, (("X", "item", "EUR", "1", "10.00"),)),
                ("B", False, (("X", "item", "EUR", "1", "9.00"), ("X", "item", "EUR", "10", "7.00"))),
                ("C", True, (("X", "item", "EUR", "10", "8.00"), ("X", "item", "EUR", "50", "6.00"))),
                ("D", False, (("Z", "item", "EUR", "1", "3.00"),)),
                ("E", True, (("Z", "item", "EUR", "1", "2.00"), ("Z", "item", "EUR", "5", "1.50")))),
         items=(("X", "item", "EUR", "1"), ("X", "item", "EUR", "20"), ("X", "item", "EUR", "50"),
                ("Z", "item", "EUR", "1"), ("Z", "item", "EUR", "5"), ("Z", "item", "EUR", "0.9")),
         expected={MERGE: (("10.00", "A"), ("8.00", "C"), ("6.00", "C"), ("3.00", "D"), ("3.00", "D"), None),
                   MINIMAL: (("9.00", "B"), ("7.00", "B"), ("6.00", "C"), ("2.00", "E"), ("1.50", "E"), None)}),
    Case("merge_stop_last",
         lists=(("A", True, (("X", "item", "EUR", "1", "10.00"),)),
                ("B", True, (("X", "item", "EUR", "5", "9.00"),)),
                ("C", False, (("X", "item", "EUR", "1", "1.00"), ("X", "item", "EUR", "10", "0.50")))),
         items=(("X", "item", "EUR", "1"), ("X", "item", "EUR", "7"), ("X", "item", "EUR", "10")),
         expected={MERGE: (("10.00", "A"), ("9.00", "B"), ("9.00", "B")),
                   MINIMAL: (("1.00", "C"), ("9.00", "B"), ("0.50", "C"))}),
    Case("units_and_currencies",
         lists=(("A", True, (("X", "kg", "EUR", "1", "10.00"), ("X", "item", "USD", "1", "12.00"))),
                ("B", False, (("X", "item", "EUR", "1", "5.00"),)),
                ("C", True, (("X", "item", "EUR", "1", "7.00"), ("X", "kg", "EUR", "10", "8.00")))),
         items=(("X", "item", "EUR", "1"), ("X", "kg", "EUR", "10"), ("X", "kg", "EUR", "2"),
                ("X", "item", "USD", "3"), ("X", "set", "EUR", "1"), ("X", "kg", "USD", "1")),
         expected={MERGE: (("7.00", "C"), ("8.00", "C"), ("10.00", "A"), ("12.00", "A"), None, None),
                   MINIMAL: (("5.00", "B"), ("8.00", "C"), ("10.00", "A"), ("12.00", "A"), None, None)}),
    Case("a_first_list_without_merging_stops_the_sku_in_every_unit",
         lists=(("A", False, (("X", "kg", "EUR", "1", "10.00"),)),
                ("B", True, (("X", "item", "EUR", "1", "9.00"),)),
                ("C", True, (("X", "item", "EUR", "1", "8.50"),))),
         items=(("X", "item", "EUR", "1"), ("X", "kg", "EUR", "1")),
         expected={MERGE: (None, ("10.00", "A")), MINIMAL: (("8.50", "C"), ("10.00", "A"))}),
    Case("a_list_without_merging_that_lacks_the_sku_stops_nothing",
         lists=(("A", False, (("Y", "item", "EUR", "1", "1.00"),)),
                ("B", True, (("X", "item", "EUR", "1", "9.00"),)),
                ("C", False, (("X", "item", "EUR", "1", "5.00"), ("X", "item", "EUR", "10", "4.00"))),
                ("D", True, (("X", "item", "EUR", "10", "8.00"),))),
         items=(("X", "item", "EUR", "1"), ("X", "item", "EUR", "10"), ("Y", "item", "EUR", "2")),
         expected={MERGE: (("9.00", "B"), ("8.00", "D"), ("1.00", "A")),
                   MINIMAL: (("5.00", "C"), ("4.00", "C"), ("1.00", "A"))}),
    Case("equal_values_go_to_the_earlier_list",
         lists=(("A", True, (("X", "item", "EUR", "1", "5.00"),)),
                ("B", True, (("X", "item", "EUR", "1", "5.0"), ("X", "item", "EUR", "2", "4.00"))),
                ("C", True, (("X", "item", "EUR", "1", "6.00"), ("X", "item", "EUR", "2", "4.00")))),
         items=(("X", "item", "EUR", "1"), ("X", "item", "EUR", "2")),
         expected={MERGE: (("5.00", "A"), ("4.00", "B")), MINIMAL: (("5.00", "A"), ("4.00", "B"))}),
)
