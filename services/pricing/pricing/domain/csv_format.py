"""The prices and price list assignments CSVs: the columns the import templates read and the exports
write, in one place (the import service's importer/domain/templates.py writes the same ones down;
tests/contracts holds the two together)."""
from __future__ import annotations

PRICE_COLUMNS = ("price_list", "sku", "unit", "currency", "quantity", "value")
ASSIGNMENT_COLUMNS = ("price_list", "level", "target_id", "priority", "merge_allowed")
