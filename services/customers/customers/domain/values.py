"""Normalising and validating what users type: phone numbers, VAT ids, countries, regions, tags.

Each function returns the canonical form or raises `ValueError` with a message for the user;
the use cases (`services/customers.py`, `services/addresses.py`) turn those into field errors
through `b2b_shared.validation.normalise`.
"""
from __future__ import annotations

import pycountry
from b2b_shared.validation import phone_e164  # noqa: F401 - part of this module's rules
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import clean

EU_PREFIXES = set(eu_vat.MEMBER_STATES) | {"EL", "XI"}  # Greece files as EL; Northern Ireland as XI




def vat_id(raw: str) -> str:
    """A VAT id with its country prefix (`DE 136,695,976` -> `DE136695976`), checksum verified.

    EU ids go through stdnum.eu.vat; others (GB, CH, NO, ...) through the country's own module.
    """
    compact = clean(raw, " -./,").upper().strip()
    country = compact[:2]
    if len(compact) < 3 or not country.isalpha():
        raise ValueError("A VAT id starts with its two-letter country code, such as DE136695976.")
    module = eu_vat if country in EU_PREFIXES else get_cc_module(country.lower(), "vat")
    if module is None:
        raise ValueError(f"VAT ids of country {country} are not supported.")
    try:
        number = module.validate(compact)
    except StdnumError:
        raise ValueError("Not a valid VAT id: its format or check digit is wrong.") from None
    return number if number.startswith(country) else country + number


def country_code(raw: str) -> str:
    code = raw.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError("Not an ISO 3166-1 alpha-2 country code, such as DE or US.")
    return code


def region_code(raw: str, country: str) -> str:
    """`CA` or `US-CA` with country `US` -> `US-CA` (ISO 3166-2)."""
    code = raw.strip().upper()
    if "-" not in code:
        code = f"{country}-{code}"
    subdivision = pycountry.subdivisions.get(code=code)
    if subdivision is None or subdivision.country_code != country:
        raise ValueError(f"Not an ISO 3166-2 region of {country}, such as {country}-XX.")
    return code


def tags(raw: list[str]) -> list[str]:
    """Tags are case-insensitive labels: trimmed, lower-cased, each kept once, in the given order."""
    seen: dict[str, None] = {}
    for tag in raw:
        tag = " ".join(tag.split()).lower()
        if not tag:
            raise ValueError("A tag cannot be empty.")
        if len(tag) > 64 or ";" in tag:
            raise ValueError("A tag has at most 64 characters and no ';'.")
        seen.setdefault(tag)
    return list(seen)
