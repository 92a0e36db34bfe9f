"""The customers CSV: the columns the export writes and the import template reads, in one place.

Cells are neutralised against formula injection by b2b_shared.spreadsheet (the import reads them
back with its `restore`).
"""
from __future__ import annotations

COLUMNS = [
    "id",
    "external_id",
    "name",
    "type",
    "status",
    "parent_id",  # the round trip's link when the parent has no external id
    "parent_external_id",
    "group_code",
    "email",
    "phone",
    "tax_code",
    "vat_id",
    "tags",
    "sales_rep_ids",
]
LIST_SEPARATOR = ";"

# The customer addresses CSV: the address book, each address with its customer (by external id when
# it has one, and always by id, so that an export imports back).
ADDRESS_COLUMNS = [
    "id",
    "customer_id",
    "customer_external_id",
    "label",
    "types",
    "default_billing",
    "default_shipping",
    "first_name",
    "last_name",
    "organization",
    "street",
    "street2",
    "city",
    "region_code",
    "postal_code",
    "country_code",
    "phone",
]

# The customer groups CSV: the code is the key (an existing code is updated).
GROUP_COLUMNS = ["code", "name"]
