"""HTTP schema pieces every service's resources share."""
from __future__ import annotations

from marshmallow import Schema, fields, missing

# The plain field types whose marshmallow serialisation is one conversion of a non-null value.
# Exact types only: a subclass may serialise differently.
_CONVERSIONS = {
    fields.String: str,
    fields.Email: str,
    fields.UUID: str,
    fields.Integer: int,
    fields.Boolean: bool,
}


def _converter(field):
    kind = type(field)
    if kind in _CONVERSIONS:
        return _CONVERSIONS[kind] if not getattr(field, "as_string", False) else None
    if kind is fields.DateTime and field.format in (None, "iso"):
        return lambda value: value.isoformat()
    if kind is fields.List:
        inner = _converter(field.inner)
        return (lambda values: [None if v is None else inner(v) for v in values]) if inner else None
    return None


class FastSchema(Schema):
    """marshmallow, with plain fields dumped without its per-field machinery.

    Profiling a 500-customer page showed two thirds of the request in marshmallow's per-field
    calls (bench/customers_hierarchy.py). Plain fields (see _CONVERSIONS) are converted directly;
    every other field, and every hook, still goes through marshmallow, and
    shared/tests/unit/test_fast_schema.py checks both give the same output.
    """

    def _serialize(self, obj, *, many: bool = False):
        if many and obj is not None:
            return [self._serialize(item) for item in obj]
        plan = self.__dict__.get("_dump_plan") or self.__dict__.setdefault("_dump_plan", self._make_plan())
        is_dict = isinstance(obj, dict)
        result = self.dict_class()
        for name, key, field, convert in plan:
            if convert is None or field.dump_default is not missing:
                value = field.serialize(name, obj, accessor=self.get_attribute)
            else:
                value = obj.get(field.attribute or name, missing) if is_dict else getattr(obj, field.attribute or name, missing)
                if value is not missing and value is not None:
                    value = convert(value)
            if value is not missing:
                result[key] = value
        return result

    def _make_plan(self):
        return [(name, field.data_key or name, field, _converter(field)) for name, field in self.dump_fields.items()]


class ResourceSchema(FastSchema):
    """What every mutable resource shows: its id, its version (the ETag) and its timestamps."""

    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)


def page_schema(item_schema: type[Schema]) -> type[Schema]:
    """The response schema of one page of a list: its items and the cursor of the next page
    (`CustomerUserSchema` -> `CustomerUserPage` in OpenAPI). Named apart from pagination.page_of,
    which builds the page itself."""
    name = item_schema.__name__.removesuffix("Schema") + "Page"
    return Schema.from_dict({"items": fields.List(fields.Nested(item_schema)),
                             "next_cursor": fields.String(allow_none=True)}, name=name)
