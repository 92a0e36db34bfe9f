"""CSV cells a spreadsheet would run as formulas (OWASP "CSV Injection"), for every export and
report the suite writes and every import it reads.

A cell that starts with =, +, -, @, a tab or a carriage return, also after leading spaces or line
breaks (spreadsheets skip those before a formula), gets a leading apostrophe, which spreadsheets
show as text. A cell that already starts with apostrophes before such a start gets one more, so
that `restore` gives every cell back exactly: restore(neutralise(cell)) == cell."""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SKIPPED_BEFORE_A_FORMULA = " \n"


def neutralise(cell) -> str:
    text = "" if cell is None else str(cell)
    return "'" + text if _needs_quote(text) else text


def restore(cell: str) -> str:
    """The importer's inverse of `neutralise`."""
    return cell[1:] if cell.startswith("'") and _needs_quote(cell[1:]) else cell


def _needs_quote(text: str) -> bool:
    unquoted = text.lstrip("'")  # a quoted formula quoted again: restore must strip only ours
    return unquoted.startswith(FORMULA_STARTS) or unquoted.lstrip(_SKIPPED_BEFORE_A_FORMULA).startswith(FORMULA_STARTS)
