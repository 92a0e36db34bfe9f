"""Each import template has the columns its owner's export writes, so that an export imports back,
and says who may import and export it as its owner decides it."""
from __future__ import annotations

import pytest
from customers.domain import csv_format
from customers.messaging import export_pages as customers_pages
from customers.messaging import import_rows as customers_rows
from importer.domain.templates import EXPORTABLE, TEMPLATES
from pricing.domain import csv_format as pricing_csv
from pricing.messaging import export_pages as pricing_pages
from pricing.messaging import import_rows as pricing_rows
from users_roles.domain import csv_format as users_csv
from users_roles.messaging import export_pages as users_pages
from users_roles.messaging import import_rows as users_rows

OWNERS = {"customers": (customers_rows.ENTITIES, customers_pages.EXPORTED),
          "users-roles": (users_rows.ENTITIES, users_pages.EXPORTED),
          "pricing": (pricing_rows.ENTITIES, pricing_pages.EXPORTED)}


def test_the_customers_template_is_the_customers_exports_columns():
    assert list(TEMPLATES["customers"].columns) == csv_format.COLUMNS


def test_the_customer_addresses_template_is_the_address_exports_columns():
    assert list(TEMPLATES["customer_addresses"].columns) == csv_format.ADDRESS_COLUMNS


def test_the_customer_groups_template_is_the_group_exports_columns():
    assert list(TEMPLATES["customer_groups"].columns) == csv_format.GROUP_COLUMNS


def test_the_pricing_templates_are_the_columns_pricing_reads_and_exports():
    assert list(TEMPLATES["prices"].columns) == list(pricing_csv.PRICE_COLUMNS)
    assert list(TEMPLATES["price_list_assignments"].columns) == list(pricing_csv.ASSIGNMENT_COLUMNS)


@pytest.mark.parametrize("entity", sorted(TEMPLATES))
def test_every_entity_is_imported_and_exported_by_its_owner_with_the_same_rights(entity):
    template = TEMPLATES[entity]
    imported, exported = (table[entity] for table in OWNERS[template.owner])
    assert entity in EXPORTABLE
    assert imported.resource == exported.resource == template.resource
    assert imported.scoped == exported.scoped == template.scoped


def test_the_customer_users_template_is_the_columns_users_roles_reads():
    assert list(TEMPLATES["customer_users"].columns) == list(users_csv.COLUMNS)


def test_every_templates_example_and_notes_name_only_its_columns():
    for template in TEMPLATES.values():
        assert set(template.example) <= set(template.columns), template.entity
        assert set(template.notes) <= set(template.columns), template.entity
        assert set(template.required) <= set(template.columns), template.entity
