"""A file's rows are applied parents first, whatever their order; cycles and repeated keys are refused."""
from __future__ import annotations

from importer.domain.csv_reading import Row
from importer.domain.ordering import order_rows


def rows(*pairs: tuple[str, str]) -> list[Row]:
    return [Row(number, {"external_id": key, "parent_external_id": parent})
            for number, (key, parent) in enumerate(pairs, start=2)]


def levels_of(ordered) -> list[list[str]]:
    return [[row.cells["external_id"] for row in level] for level in ordered.levels]


def test_a_child_before_its_parent_is_applied_after_it():
    ordered = order_rows(rows(("grandchild", "child"), ("child", "root"), ("root", "")), "external_id",
                         "parent_external_id")
    assert levels_of(ordered) == [["root"], ["child"], ["grandchild"]] and ordered.refused == {}


def test_a_parent_outside_the_file_puts_the_row_on_the_first_level():
    assert levels_of(order_rows(rows(("a", "in-the-database")), "external_id", "parent_external_id")) == [["a"]]


def test_every_row_on_a_cycle_is_refused_and_the_others_go_on():
    ordered = order_rows(rows(("a", "b"), ("b", "a"), ("c", "")), "external_id", "parent_external_id")
    assert set(ordered.refused) == {2, 3} and levels_of(ordered) == [["c"]]


def test_a_key_defined_twice_is_refused_on_its_second_row():
    ordered = order_rows(rows(("a", ""), ("a", "")), "external_id", "parent_external_id")
    assert "row 2" in ordered.refused[3]["external_id"][0]


def test_a_chain_deeper_than_pythons_stack_is_ordered():
    chain = [(f"n{i}", f"n{i - 1}" if i else "") for i in range(5000)]
    ordered = order_rows(rows(*reversed(chain)), "external_id", "parent_external_id")
    assert len(ordered.levels) == 5000 and ordered.levels[0][0].cells["external_id"] == "n0"


def test_an_entity_without_a_hierarchy_is_one_level():
    assert len(order_rows(rows(("a", "b"), ("b", "a")), None, None).levels) == 1
