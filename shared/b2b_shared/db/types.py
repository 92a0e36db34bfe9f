"""Column types the services share."""
from __future__ import annotations

from sqlalchemy import TypeDecorator
from sqlalchemy.dialects.postgresql import ARRAY


class Array(TypeDecorator):
    """PostgreSQL's ARRAY, read as psycopg hands it over and written as psycopg takes it. psycopg
    already returns an array as a list of its elements' Python values, and adapts such a list;
    SQLAlchemy's ARRAY copies each one again, value by value through a Python function: some 5 % of
    a page of 50 customers (issue 12, py-spy), and of an import batch's insert of customers (issue 9).
    Only when the elements need nothing converted (uuid, text); anything else, and other drivers, as
    ARRAY does. Same SQL type, so migrations see no difference.

    A TypeDecorator rather than a subclass of ARRAY: the dialect replaces an ARRAY subclass by its
    own ARRAY implementation when it compiles a statement, and an override on the subclass is lost."""

    impl = ARRAY
    cache_ok = True

    def result_processor(self, dialect, coltype):
        array = self.impl_instance
        converts_items = array.item_type.dialect_impl(dialect).result_processor(dialect, coltype) is not None
        if dialect.driver == "psycopg" and not converts_items and not array.as_tuple and array.dimensions in (None, 1):
            return None
        return super().result_processor(dialect, coltype)

    def bind_processor(self, dialect):
        array = self.impl_instance
        converts_items = array.item_type.dialect_impl(dialect).bind_processor(dialect) is not None
        if dialect.driver == "psycopg" and not converts_items and array.dimensions in (None, 1):
            return _as_list
        return super().bind_processor(dialect)


def _as_list(value):
    """What psycopg adapts as an array: a list (ARRAY takes any sequence, a tuple too)."""
    return value if value is None or type(value) is list else list(value)
