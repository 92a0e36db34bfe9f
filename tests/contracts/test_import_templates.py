"""Each import template has the columns its owner's export writes, so that an export imports back."""
from __future__ import annotations

from customers.domain import csv_format
from importer.domain.templates import TEMPLATES
from pricing.messaging import import_rows as pricing_rows
from users_roles.domain import csv_format as users_csv


def test_the_customers_template_is_the_customers_exports_columns():
    assert list(TEMPLATES["customers"].columns) == csv_format.COLUMNS


def test_the_customer_addresses_template_is_the_address_exports_columns():
    assert list(TEMPLATES["customer_addresses"].columns) == csv_format.ADDRESS_COLUMNS


def test_the_pricing_templates_are_the_columns_pricing_reads():
    assert list(TEMPLATES["prices"].columns) == list(pricing_rows.PRICE_COLUMNS)
    assert list(TEMPLATES["price_list_assignments"].columns) == list(pricing_rows.ASSIGNMENT_COLUMNS)


def test_the_customer_users_template_is_the_columns_users_roles_reads():
    assert list(TEMPLATES["customer_users"].columns) == list(users_csv.COLUMNS)


def test_every_templates_example_and_notes_name_only_its_columns():
    for template in TEMPLATES.values():
        assert set(template.example) <= set(template.columns), template.entity
        assert set(template.notes) <= set(template.columns), template.entity
        assert set(template.required) <= set(template.columns), template.entity
