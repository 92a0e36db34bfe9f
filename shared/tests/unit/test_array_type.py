"""b2b_shared.db.types.Array: arrays of values psycopg already returns as Python's are not copied
again, and the shortcut survives the dialect's compilation (where an ARRAY subclass lost it)."""
from __future__ import annotations

import enum

from b2b_shared.db.types import Array
from sqlalchemy import Enum, String, column
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import psycopg as psycopg_dialect

DIALECT = psycopg_dialect.dialect()


def result_processor(array: Array):
    return array.dialect_impl(DIALECT)._cached_result_processor(DIALECT, None)


def test_uuid_and_text_arrays_are_taken_as_psycopg_returns_them():
    assert result_processor(Array(UUID(as_uuid=True))) is None
    assert result_processor(Array(String(64))) is None


class Level(enum.Enum):
    USER = "USER"


def test_arrays_whose_items_need_converting_are_converted_as_ARRAY_does():
    processed = result_processor(Array(Enum(Level)))
    assert processed is not None and processed(["USER"]) == [Level.USER]


def test_array_operators_compile_as_postgresql_arrays():
    tags = Array(String(64))
    assert str(column("tags", tags).overlap(["a"]).compile(dialect=DIALECT)).startswith("tags && ")
    assert str(column("tags", tags).contains(["a"]).compile(dialect=DIALECT)).startswith("tags @> ")


def bind_processor(array: Array):
    return array.dialect_impl(DIALECT)._cached_bind_processor(DIALECT)


def test_uuid_and_text_arrays_are_bound_as_lists_without_copying_each_item():
    processed = bind_processor(Array(UUID(as_uuid=True)))
    items = ["a", "b"]
    assert processed(items) is items
    assert processed(("a", "b")) == ["a", "b"] and processed(None) is None


def test_arrays_whose_items_need_converting_are_bound_as_ARRAY_binds_them():
    assert bind_processor(Array(Enum(Level)))([Level.USER]) == ["USER"]
