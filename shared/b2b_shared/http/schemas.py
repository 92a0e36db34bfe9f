"""HTTP schema pieces every service's resources share."""
from __future__ import annotations

from marshmallow import Schema, fields, missing
from marshmallow.decorators import POST_DUMP, PRE_DUMP
from sqlalchemy.engine import Row

# The plain field types whose marshmallow serialisation is one conversion of a non-null value.
# Exact types only, but for String: its subclasses that dump as it does (Email; one that only
# parses differently) convert the same.
_CONVERSIONS = {
    fields.String: str,
    fields.UUID: str,
    fields.Integer: int,
    fields.Boolean: bool,
}
_SERIALISING = ("serialize", "get_value", "_serialize")  # what a subclass could change about dumping
_MAX_ROW_PLANS = 32  # column lists per schema: a few statements each, never more than this


def _plain_base(field) -> type | None:
    """The _CONVERSIONS type `field` dumps exactly as, if any."""
    kind = type(field)
    if kind in _CONVERSIONS:
        return kind
    if isinstance(field, fields.String) and all(getattr(kind, name) is getattr(fields.String, name)
                                                for name in _SERIALISING):
        return fields.String
    return None


def _converter(field):
    base = _plain_base(field)
    if base is not None:
        return _CONVERSIONS[base] if not getattr(field, "as_string", False) else None
    kind = type(field)
    if kind is fields.DateTime and field.format in (None, "iso"):
        return lambda value: value.isoformat()
    if kind is fields.List:
        inner = _converter(field.inner)
        return (lambda values: [None if v is None else inner(v) for v in values]) if inner else None
    if kind is fields.Nested and not field.many:
        return _items_of(field.schema)
    return None


def _items_of(schema):
    """A list's item schema, when it is a FastSchema dumping nothing through hooks: each item
    straight through its _serialize, not one marshmallow dump() per item (a page of 50)."""
    if not isinstance(schema, FastSchema) or schema.many or schema._hooks[PRE_DUMP] or schema._hooks[POST_DUMP]:
        return None
    return schema._serialize


class FastSchema(Schema):
    """marshmallow, with plain fields dumped without its per-field machinery.

    Profiling a 500-customer page showed two thirds of the request in marshmallow's per-field
    calls (bench/customers_hierarchy.py). Plain fields (see _CONVERSIONS) are converted directly;
    every other field, and every hook, still goes through marshmallow, and
    shared/tests/unit/test_fast_schema.py checks both give the same output. A database row
    (SQLAlchemy's Row, what repositories return for reading) is read by position: its attributes
    are looked up by name at some twenty times the cost (issue 12, callgrind).
    """

    def _serialize(self, obj, *, many: bool = False):
        if many and obj is not None:
            return [self._serialize(item) for item in obj]
        if isinstance(obj, Row):
            return self._serialize_row(obj)
        plan = self.__dict__.get("_dump_plan") or self.__dict__.setdefault("_dump_plan", self._make_plan())
        is_dict = isinstance(obj, dict)
        result = self.dict_class()
        for name, key, field, convert in plan:
            if convert is None:
                value = field.serialize(name, obj, accessor=self.get_attribute)
            else:
                value = obj.get(field.attribute or name, missing) if is_dict else getattr(obj, field.attribute or name, missing)
                if value is not missing and value is not None:
                    value = convert(value)
            if value is not missing:
                result[key] = value
        return result

    def _serialize_row(self, row: Row) -> dict:
        result = self.dict_class()
        for name, key, field, convert, position in self._plan_for(row):
            if position is None:  # not a plain field, or not a column of this row: marshmallow's way
                value = field.serialize(name, row, accessor=self.get_attribute)
            else:
                value = row[position]
                if value is not None:
                    value = convert(value)
            if value is not missing:
                result[key] = value
        return result

    def _make_plan(self):
        """(name, key, field, convert): convert None where marshmallow must dump the field (it has a
        default for missing values, or no plain conversion)."""
        return [(name, field.data_key or name, field, _converter(field) if field.dump_default is missing else None)
                for name, field in self.dump_fields.items()]

    def _plan_for(self, row: Row) -> list:
        """The row plan of the row's columns. The rows of one result share their column list
        (`_parent`, SQLAlchemy's): the plan found for the last one serves the next without reading
        `_fields`, which SQLAlchemy builds anew on every call (a third of a row's dump)."""
        shape = getattr(row, "_parent", None)
        last = self.__dict__.get("_last_row_plan")  # (shape, plan): one tuple, so threads never mix a pair
        if last is not None and shape is not None and last[0] is shape:
            return last[1]
        plan = self._row_plan(row._fields)
        if shape is not None:
            self._last_row_plan = (shape, plan)
        return plan

    def _row_plan(self, columns: tuple[str, ...]) -> list:
        """The plan with each plain field's position among the row's `columns`."""
        plans = self.__dict__.setdefault("_row_plans", {})
        plan = plans.get(columns)
        if plan is None:
            where = {column: position for position, column in enumerate(columns)}
            dump_plan = self.__dict__.get("_dump_plan") or self.__dict__.setdefault("_dump_plan", self._make_plan())
            plan = [(name, key, field, convert, where.get(field.attribute or name) if convert else None)
                    for name, key, field, convert in dump_plan]
            if len(plans) < _MAX_ROW_PLANS:
                plans[columns] = plan
        return plan


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
    return FastSchema.from_dict({"items": fields.List(fields.Nested(item_schema)),
                                 "next_cursor": fields.String(allow_none=True)}, name=name)
