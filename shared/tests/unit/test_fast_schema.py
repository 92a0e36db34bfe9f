"""FastSchema dumps exactly what marshmallow's own Schema dumps, for any values."""
from __future__ import annotations

import datetime as dt
import types
import uuid

from b2b_shared.http.schemas import FastSchema
from hypothesis import given
from hypothesis import strategies as st
from marshmallow import Schema, fields

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
values = st.fixed_dictionaries(
    {},
    optional={
        "text": st.none() | st.text(), "email": st.none() | st.emails(), "ident": st.none() | st.uuids(),
        "count": st.none() | st.integers(), "flag": st.none() | st.booleans(), "moment": st.none() | moments,
        "labels": st.none() | st.lists(st.text()), "refs": st.lists(st.uuids()), "stored_as": st.text(),
        "money": st.none() | st.decimals(allow_nan=False, allow_infinity=False), "fallback": st.none() | st.text(),
    },
)


@given(values)
def test_dicts_dump_the_same_as_with_marshmallow(data):
    assert Fast().dump(data) == Plain().dump(data)


@given(values)
def test_objects_dump_the_same_as_with_marshmallow(data):
    obj = types.SimpleNamespace(**data)
    assert Fast().dump(obj) == Plain().dump(obj)


def test_many_dumps_each_item():
    items = [{"ident": uuid.uuid4(), "count": n} for n in range(3)]
    assert Fast(many=True).dump(items) == Plain(many=True).dump(items)
