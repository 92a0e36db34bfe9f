"""Each import template has the columns its owner's export writes, so that an export imports back."""
from __future__ import annotations

from customers.domain import csv_format
from importer.domain.templates import TEMPLATES


def test_the_customers_template_is_the_customers_exports_columns():
    assert list(TEMPLATES["customers"].columns) == csv_format.COLUMNS


def test_every_templates_example_and_notes_name_only_its_columns():
    for template in TEMPLATES.values():
        assert set(template.example) <= set(template.columns), template.entity
        assert set(template.notes) <= set(template.columns), template.entity
        assert set(template.required) <= set(template.columns), template.entity
