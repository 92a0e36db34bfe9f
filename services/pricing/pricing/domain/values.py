"""Value rules shared by prices and balances: ISO 4217 currencies, exact decimals."""
from __future__ import annotations

from decimal import Decimal

import pycountry

MAX_PLACES = 6  # decimal places a price or amount may have
MAX_DIGITS = 20


def is_currency(code: str) -> bool:
    return isinstance(code, str) and len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None


def decimal_problem(value: Decimal) -> str | None:
    """Why a decimal is no acceptable money amount or quantity, or None."""
    if not value.is_finite():
        return "Must be a finite number."
    sign, digits, exponent = value.normalize().as_tuple()
    if -exponent > MAX_PLACES:
        return f"At most {MAX_PLACES} decimal places."
    if len(digits) + max(exponent, 0) > MAX_DIGITS:
        return f"At most {MAX_DIGITS} digits."
    return None
