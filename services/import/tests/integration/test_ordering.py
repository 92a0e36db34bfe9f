"""A file's rows are applied parents first, whatever their order; cycles, repeated keys and unreadable
rows are refused (adapters/plans.py, in PostgreSQL)."""
from __future__ import annotations

import pytest
from b2b_shared.db.engine import make_engine
from importer.adapters.plans import plan_in_database
from importer.domain.csv_reading import Row
from importer.domain.ordering import REFUSED
from sqlalchemy.orm import Session

KEY, PARENT = "external_id", "parent_external_id"


@pytest.fixture(scope="module")
def engine(database_url):
    engine = make_engine(database_url, 1)
    yield engine
    engine.dispose()


@pytest.fixture
def plan(engine):
    def run(*pairs: tuple[str, str] | None, key: str | None = KEY, parent: str | None = PARENT):
        rows = [Row(number, None, "The row has 1 cells; the header has 2.") if pair is None else
                Row(number, {KEY: pair[0], PARENT: pair[1]}) for number, pair in enumerate(pairs, start=2)]
        with Session(engine) as session, session.begin():
            return plan_in_database(session, rows, key, parent)
    return run


def levels(plan) -> list[int]:
    return list(plan.level_of)


def test_a_child_before_its_parent_is_applied_after_it(plan):
    result = plan(("grandchild", "child"), ("child", "root"), ("root", ""))
    assert (levels(result), result.levels, result.refused) == ([2, 1, 0], 3, {})


def test_a_parent_outside_the_file_puts_the_row_on_the_first_level(plan):
    assert levels(plan(("a", "in-the-database"))) == [0]


def test_every_row_on_a_cycle_or_under_it_is_refused_and_the_others_go_on(plan):
    result = plan(("a", "b"), ("b", "a"), ("under", "a"), ("c", ""))
    assert levels(result) == [REFUSED, REFUSED, REFUSED, 0] and set(result.refused) == {2, 3, 4}
    assert "cycle" in result.refused[4][PARENT][0]


def test_a_key_defined_twice_is_refused_on_its_second_row_and_children_follow_the_first(plan):
    result = plan(("a", ""), ("a", ""), ("child", "a"))
    assert levels(result) == [0, REFUSED, 1] and result.refused[3] == {KEY: ["Also defined on row 2."]}


def test_an_unreadable_row_is_refused_with_its_problem(plan):
    result = plan(("a", ""), None)
    assert levels(result) == [0, REFUSED] and "cells" in result.refused[3][""][0]


def test_a_chain_deeper_than_pythons_stack_is_ordered(plan):
    chain = [(f"n{i}", f"n{i - 1}" if i else "") for i in range(3000)]
    result = plan(*reversed(chain))
    assert result.levels == 3000 and result.level_of[-1] == 0


def test_an_entity_without_a_hierarchy_is_one_level(plan):
    assert plan(("a", "b"), ("b", "a"), key=None, parent=None).levels == 1
