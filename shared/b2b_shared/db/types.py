"""Column types the services share."""
from __future__ import annotations

from sqlalchemy.dialects.postgresql import ARRAY


class Array(ARRAY):
    """PostgreSQL's ARRAY, read as psycopg hands it over. psycopg already returns an array as a
    list of its elements' Python values; SQLAlchemy's ARRAY copies each one again, value by value
    through a Python function: some 4 % of a page of 50 customers (issue 12, callgrind). Only
    when the elements need nothing converted (uuid, text); anything else, and other drivers, as
    ARRAY does. Same SQL type, so migrations see no difference."""

    cache_ok = True

    def result_processor(self, dialect, coltype):
        converts_items = self.item_type.dialect_impl(dialect).result_processor(dialect, coltype) is not None
        if dialect.driver == "psycopg" and not converts_items and not self.as_tuple and self.dimensions in (None, 1):
            return None
        return super().result_processor(dialect, coltype)
