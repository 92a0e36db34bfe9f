"""Turn a service's value rules (functions that raise ValueError) into field-by-field errors
for a whole request at once."""
from __future__ import annotations

from collections.abc import Callable

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
