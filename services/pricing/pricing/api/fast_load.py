"""Loaders for the two big bodies - resolve items (up to 500) and bulk prices (up to 10,000) -
checking the same rules as the declared schemas in one tight loop.

Why not marshmallow: loading 100 nested items took ~4 ms of resolve's 10 ms budget, and
10,000 price rows ~0.5 s, which alone capped imports under 20,000 rows/s (bench/pricing_*.py).
The schemas stay declared for the OpenAPI document; only their `load` is replaced.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pycountry
from marshmallow import ValidationError, fields

from ..domain.price_lists import MAX_BULK_ROWS
from ..domain.resolution import Item
from ..domain.values import decimal_problem

MAX_RESOLVE_ITEMS = 500
ONE = Decimal(1)
CURRENCIES = frozenset(currency.alpha_3 for currency in pycountry.currencies)
MISSING = object()
# A non-negative decimal string within decimal_problem's limits (20 digits, 6 places) whatever
# normalize() makes of it; anything else takes the full check.
PLAIN_DECIMAL = re.compile(r"[0-9]{1,14}(?:\.[0-9]{1,6})?")
PRICE_FIELDS = frozenset({"sku", "unit", "currency", "quantity", "value"})


def text(raw: dict, name: str, max_length: int, default, errors: dict):
    value = raw.get(name, default)
    if value is MISSING:
        errors[name] = ["Missing data for required field."]
    elif not isinstance(value, str) or not 1 <= len(value) <= max_length:
        errors[name] = [f"A string of 1 to {max_length} characters."]
    return value


def decimal(raw: dict, name: str, default, errors: dict, positive: bool = False) -> Decimal | None:
    value = raw.get(name, default)
    if value is MISSING:
        errors[name] = ["Missing data for required field."]
        return None
    # Bodies repeat the same few quantities (and often values): checked once, not per row.
    check = _checked_decimal if type(value) in (str, int) else _check_decimal
    number, problem = check(value, positive)
    if problem:
        errors[name] = [problem]
    return number


def _check_decimal(value, positive: bool) -> tuple[Decimal | None, str | None]:
    """(the decimal or None, why it is refused or None)."""
    if isinstance(value, str) and PLAIN_DECIMAL.fullmatch(value):
        # The common case, ~4x cheaper: such a string always passes decimal_problem and is >= 0.
        number = Decimal(value)
        return number, "Must be greater than 0." if positive and not number else None
    try:
        if isinstance(value, (float, bool)):
            raise TypeError(value)
        number = value if isinstance(value, Decimal) else Decimal(value)
    except (TypeError, ValueError, InvalidOperation):
        return None, 'Send a decimal string, such as "12.50", not a JSON number.'
    problem = decimal_problem(number)
    if not problem and (number <= 0 if positive else number < 0):
        problem = "Must be greater than 0." if positive else "Must be greater than or equal to 0."
    return number, problem


# Only str and int reach the cache (type(True) is bool, which is refused uncached); Decimals are
# immutable, so rows may share one.
_checked_decimal = lru_cache(maxsize=4096)(_check_decimal)


def currency(raw: dict, errors: dict) -> str | None:
    value = raw.get("currency")
    code = value.upper() if isinstance(value, str) else None
    if code not in CURRENCIES:
        errors["currency"] = ["Not an ISO 4217 currency code."]
    return code


def each(value, max_rows: int, load_one) -> list:
    if not isinstance(value, list) or not 1 <= len(value) <= max_rows:
        raise ValidationError(f"A list of 1 to {max_rows:,} objects.")
    loaded, errors = [], {}
    for index, raw in enumerate(value):
        problems: dict = {}
        if isinstance(raw, dict):
            loaded.append(load_one(raw, problems))
        else:
            problems["_schema"] = ["An object."]
        if problems:
            errors[index] = problems
    if errors:
        raise ValidationError(errors)
    return loaded


def resolve_item(raw: dict, errors: dict) -> Item:
    return Item(text(raw, "sku", 100, MISSING, errors), text(raw, "unit", 20, "item", errors),
                decimal(raw, "quantity", ONE, errors, positive=True))


def price_row(raw: dict, errors: dict) -> dict:
    if not raw.keys() <= PRICE_FIELDS:
        errors.update({name: ["Unknown field."] for name in raw.keys() - PRICE_FIELDS})
    return {"sku": text(raw, "sku", 100, MISSING, errors), "unit": text(raw, "unit", 20, "item", errors),
            "currency": currency(raw, errors), "quantity": decimal(raw, "quantity", ONE, errors),
            "value": decimal(raw, "value", MISSING, errors)}


class ResolveItems(fields.Field):
    def _deserialize(self, value, attr, data, **kwargs) -> list[Item]:
        return each(value, MAX_RESOLVE_ITEMS, resolve_item)


class FastRowsLoad:
    """Mixin for a many=True price schema: same rules, one loop."""

    def load(self, data, **kwargs):
        return each(data, MAX_BULK_ROWS, price_row)
