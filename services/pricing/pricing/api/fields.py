"""Field types every pricing schema shares: exact decimals, ISO 4217 codes, levels."""
from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from ..domain.values import decimal_problem, is_currency


class DecimalString(fields.Decimal):
    """Money and quantities travel as decimal strings (docs/architecture.md). A JSON float is refused:
    it may already have lost exactness before it reached us. Integers are exact, so they pass."""

    def __init__(self, **kwargs):
        # Documented as what travels: a string in decimal format (apispec would say `number`,
        # which a decimal string and its string default do not validate against).
        kwargs["metadata"] = {"type": "string", "format": "decimal", **kwargs.get("metadata", {})}
        super().__init__(as_string=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, (float, bool)):
            raise ValidationError("Send a decimal string, such as \"12.50\", not a JSON number.")
        number = super()._deserialize(value, attr, data, **kwargs)
        problem = decimal_problem(number)
        if problem:
            raise ValidationError(problem)
        return number


class Currency(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs).upper()
        if not is_currency(code):
            raise ValidationError("Not an ISO 4217 currency code.")
        return code


def text(max_length: int = 255, **kwargs) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)


def _not_negative(number) -> None:
    if number < 0:
        raise ValidationError("Must be zero or more.")


def non_negative(**kwargs) -> DecimalString:
    # A plain function, not validate.Range: apispec would publish Range's bound as a string
    # `minimum` on this string-typed field, which is invalid OpenAPI.
    return DecimalString(validate=_not_negative, metadata={"description": "a decimal string, zero or more"}, **kwargs)


class Partial:
    """Mixin for PATCH schemas. (marshmallow 4 ignores `class Meta: partial = True`.)"""

    def __init__(self, **kwargs):
        super().__init__(partial=True, **kwargs)



