"""Reading an upload: what spreadsheets save is read, anything else is refused whole and clearly."""
from __future__ import annotations

import pytest
from b2b_shared.errors import ValidationFailed
from importer.domain.csv_reading import check_header, read_rows
from importer.domain.templates import template_for

CUSTOMERS = template_for("customers")


def test_a_byte_order_mark_and_semicolons_as_excel_saves_them_are_read():
    rows = read_rows("\ufeffname;external_id\r\nAcme;A-1\r\n".encode(), CUSTOMERS, 10)
    assert [(row.number, row.cells) for row in rows] == [(2, {"name": "Acme", "external_id": "A-1"})]


def test_a_quoted_cell_may_hold_newlines_and_rows_keep_their_spreadsheet_numbers():
    rows = read_rows(b'name,email\n"Acme\nWest",a@b.example\nBeta,\n', CUSTOMERS, 10)
    assert [(row.number, row.cells["name"]) for row in rows] == [(2, "Acme\nWest"), (3, "Beta")]


def test_a_row_with_too_few_cells_is_that_rows_problem_not_the_files():
    rows = read_rows(b"name,email\nAcme\nBeta,b@c.example\n", CUSTOMERS, 10)
    assert rows[0].cells is None and "1 cells" in rows[0].problem and rows[1].cells["name"] == "Beta"


def test_blank_lines_are_skipped():
    assert len(read_rows(b"name\n\nAcme\n,\n", CUSTOMERS, 10)) == 1


def test_a_header_that_is_not_the_templates_is_refused_naming_the_columns():
    with pytest.raises(ValidationFailed) as refused:
        check_header(b"email,colour,colour\n", CUSTOMERS)
    assert set(refused.value.errors) == {"missing_columns", "unknown_columns", "repeated_columns", "file"}
    assert "name" in refused.value.errors["missing_columns"][0] and "colour" in refused.value.errors["unknown_columns"][0]


def test_a_file_that_is_not_utf8_is_refused_saying_how_to_save_it():
    with pytest.raises(ValidationFailed) as refused:
        check_header("name\nMüller\n".encode("latin-1"), CUSTOMERS)
    assert "UTF-8" in refused.value.errors["file"][0]


def test_more_rows_than_allowed_are_refused():
    with pytest.raises(ValidationFailed):
        read_rows(b"name\na\nb\nc\n", CUSTOMERS, 2)


def test_a_header_without_rows_is_refused():
    with pytest.raises(ValidationFailed):
        read_rows(b"name\n", CUSTOMERS, 2)
