"""No cell of a report or an export runs as a formula in a spreadsheet, and the reader gets back
exactly what was written (OWASP "CSV Injection")."""
from __future__ import annotations

import pytest
from b2b_shared.spreadsheet import FORMULA_STARTS, neutralise, restore
from hypothesis import example, given
from hypothesis import strategies as st


@given(st.text())
@example("'=1+2")
@example("''-5")
@example(" =1+2")
@example("\n=1+2")
def test_neutralising_then_restoring_gives_the_cell_back(cell):
    assert restore(neutralise(cell)) == cell


@given(st.text(alphabet=" \n"), st.sampled_from(FORMULA_STARTS), st.text())
def test_a_formula_after_spaces_or_line_breaks_is_neutralised(lead, start, rest):
    assert neutralise(lead + start + rest).startswith("'")


@given(st.text().filter(lambda cell: not cell.lstrip("' \n").startswith(FORMULA_STARTS)))
def test_an_ordinary_cell_is_left_as_it_is(cell):
    assert neutralise(cell) == cell


@pytest.mark.parametrize("cell", ["=1+1", "+49301234567", "-5", "@SUM(A1)", "\tx", "\rx", " =1+2", "\n=1+2"])
def test_formula_cells_are_neutralised_and_restored(cell):
    assert neutralise(cell).startswith("'")
    assert restore(neutralise(cell)) == cell


def test_a_plain_cell_is_left_alone():
    assert neutralise("Acme") == "Acme"
    assert restore("'quoted") == "'quoted"
