"""Turn a service's value rules (functions that raise ValueError) into field-by-field errors
for a whole request at once."""
from __future__ import annotations

from collections.abc import Callable

import phonenumbers

from b2b_shared.errors import ValidationFailed


def normalise(data: dict, rules: dict[str, Callable]) -> dict:
    """Apply `rules[field]` to each present, non-null field; report every failure together."""
    errors: dict[str, list[str]] = {}
    result = dict(data)
    for field, rule in rules.items():
        if result.get(field) is None:
            continue
        try:
            result[field] = rule(result[field])
        except ValueError as error:
            errors[field] = [str(error)]
    if errors:
        raise ValidationFailed(errors)
    return result


def require(condition: bool, field: str, message: str) -> None:
    if not condition:
        raise ValidationFailed({field: [message]})


def phone_e164(raw: str, region: str | None = None) -> str:
    """`+49 30 1234567` -> `+49301234567` (phonenumbers); a national number needs its country."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValueError("Not a phone number; give it with its country code, such as +49 30 1234567.") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError("Not a valid phone number for its country.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
