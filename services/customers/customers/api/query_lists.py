"""Query lists. `RepeatedOrDelimited` takes both spellings people and tools use: `ids=a&ids=b` (what a
browser form and most HTTP clients send) and `ids=a,b` (shorter, and what the export used to take).
`Repeated` takes only the first, for values that may hold a comma, and a lone value as a list of one
(the export's filters arrive as a JSON object, where one tag is a string)."""
from __future__ import annotations

from marshmallow import fields


class RepeatedOrDelimited(fields.List):
    def _deserialize(self, value, attr, data, **kwargs):
        values = value if isinstance(value, list) else [value]
        items = [item for entry in values for item in str(entry).split(",") if item.strip()]
        return super()._deserialize(items, attr, data, **kwargs)


class Repeated(fields.List):
    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value if isinstance(value, list) else [value], attr, data, **kwargs)
