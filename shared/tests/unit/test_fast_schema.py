"""FastSchema dumps exactly what marshmallow's own Schema dumps, for any values."""
from __future__ import annotations

import datetime as dt
import types
import uuid

from b2b_shared.http.schemas import FastSchema
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, fields
from sqlalchemy.engine.result import result_tuple

FIELDS = {
    "text": fields.String(allow_none=True),
    "email": fields.Email(allow_none=True),
    "ident": fields.UUID(allow_none=True),
    "count": fields.Integer(allow_none=True),
    "flag": fields.Boolean(allow_none=True),
    "moment": fields.DateTime(allow_none=True),
    "labels": fields.List(fields.String(), allow_none=True),
    "refs": fields.List(fields.UUID()),
    "renamed": fields.String(data_key="shown_as", attribute="stored_as"),
    "money": fields.Decimal(as_string=True, allow_none=True),
    "fallback": fields.String(dump_default="none given"),
}
Plain = Schema.from_dict(dict(FIELDS), name="Plain")
Fast = FastSchema.from_dict(dict(FIELDS), name="Fast")

moments = st.datetimes(timezones=st.just(dt.timezone.utc)) | st.datetimes()
VALUES = {
    "text": st.none() | st.text(), "email": st.none() | st.emails(), "ident": st.none() | st.uuids(),
    "count": st.none() | st.integers(), "flag": st.none() | st.booleans(), "moment": st.none() | moments,
    "labels": st.none() | st.lists(st.text()), "refs": st.lists(st.uuids()), "stored_as": st.text(),
    "money": st.none() | st.decimals(allow_nan=False, allow_infinity=False), "fallback": st.none() | st.text(),
}
values = st.fixed_dictionaries({}, optional=VALUES)
every_column = st.fixed_dictionaries(VALUES)  # a select of the resource's columns: each one is there


@given(values)
def test_dicts_dump_the_same_as_with_marshmallow(data):
    assert Fast().dump(data) == Plain().dump(data)


@given(values)
def test_objects_dump_the_same_as_with_marshmallow(data):
    obj = types.SimpleNamespace(**data)
    assert Fast().dump(obj) == Plain().dump(obj)


@given(every_column)
def test_database_rows_dump_the_same_as_with_marshmallow(data):
    row = result_tuple(list(data))(list(data.values()))  # what a repository's select of columns returns
    assert Fast().dump(row) == Plain().dump(row)


@given(st.lists(every_column, max_size=4))
def test_a_page_of_rows_dumps_the_same_as_with_marshmallow(items):
    same_result = result_tuple(list(VALUES))  # the rows of one statement share their columns
    page = {"items": [same_result([item[key] for key in VALUES]) for item in items], "next": None}
    page_of = {"items": fields.List(fields.Nested(Fast)), "next": fields.String(allow_none=True)}
    plain_page_of = {"items": fields.List(fields.Nested(Plain)), "next": fields.String(allow_none=True)}
    assert FastSchema.from_dict(page_of)().dump(page) == Schema.from_dict(plain_page_of)().dump(page)


def test_rows_of_different_statements_each_dump_their_own_columns():
    fast = Fast()
    first = result_tuple(["text", "count"])(["a", 1])
    second = result_tuple(["count", "text", "flag"])([2, "b", True])
    assert [fast.dump(first), fast.dump(second), fast.dump(first)] == [
        Plain().dump(first), Plain().dump(second), Plain().dump(first)]


def test_a_string_field_that_only_parses_differently_dumps_as_marshmallow_does():
    class Trimmed(fields.String):
        def _deserialize(self, value, attr, data, **kwargs):
            return super()._deserialize(value, attr, data, **kwargs).strip()

    class Shouting(fields.String):
        def _serialize(self, value, attr, obj, **kwargs):
            return None if value is None else str(value).upper()

    both = {"trimmed": Trimmed(), "shouting": Shouting()}
    data = {"trimmed": "as is", "shouting": "quiet"}
    fast, plain = FastSchema.from_dict(dict(both))(), Schema.from_dict(dict(both))()
    assert fast.dump(data) == plain.dump(data) == {"trimmed": "as is", "shouting": "QUIET"}
    assert fast.dump(result_tuple(list(data))(list(data.values()))) == plain.dump(data)


def test_many_dumps_each_item():
    items = [{"ident": uuid.uuid4(), "count": n} for n in range(3)]
    assert Fast(many=True).dump(items) == Plain(many=True).dump(items)
