"""Schema fields that apply the domain's value rules (domain/values.py) while the request is parsed,
so that a bad phone or VAT id is reported with every other bad field of the request, in one answer,
not after the first round is fixed. The use cases apply the same rules again for callers that do not
come through HTTP (the import); the rules are idempotent on their own output."""
from __future__ import annotations

from collections.abc import Callable

from marshmallow import ValidationError, fields


class Normalised(fields.String):
    """A string turned into its canonical form by `rule` (which raises ValueError for the user)."""

    def __init__(self, rule: Callable[[str], str], **kwargs):
        super().__init__(**kwargs)
        self.rule = rule

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return self.rule(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None
