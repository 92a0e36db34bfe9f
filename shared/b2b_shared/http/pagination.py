"""The HTTP side of keyset pagination: the list arguments and `?sort=`. The paging itself (cursors,
keyset windows) is db/paging.py."""
from __future__ import annotations

from collections.abc import Collection, Mapping

from marshmallow import Schema, fields, validate

from ..db.paging import Sort
from ..errors import ValidationFailed

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class ListArgsSchema(Schema):
    limit = fields.Integer(load_default=DEFAULT_LIMIT, validate=validate.Range(1, MAX_LIMIT))
    cursor = fields.String(load_default=None)


def parse_sort(text: str | None, keys: Collection[str] | Mapping[str, object], default: str) -> Sort:
    """`-name` -> Sort("name", descending). `keys` names the sort keys the list offers; given as a
    mapping of key to column, the sort comes bound to its column, otherwise the repository binds
    it (`Sort.on`), so that the API need not know the columns."""
    text = text or default
    name = text.lstrip("-")
    if name not in keys:
        raise ValidationFailed({"sort": [f"Sort by one of: {', '.join(sorted(keys))} (prefix - for descending)."]})
    column = keys[name] if isinstance(keys, Mapping) else None
    return Sort(name, column, text.startswith("-"))
