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
