"""The customers CSV: the columns the export writes and the import template reads, in one place.

Cells are neutralised against formula injection (OWASP "CSV Injection"): a cell that starts with
=, +, -, @, tab or carriage return gets a leading apostrophe; the importer strips it again.
"""
from __future__ import annotations

COLUMNS = [
    "id",
    "external_id",
    "name",
    "type",
    "status",
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
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def restore(cell: str) -> str:
    """The importer's inverse of `neutralise`."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell
