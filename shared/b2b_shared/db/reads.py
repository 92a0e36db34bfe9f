"""The hottest reads, run straight on the driver.

A request that only reads (UnitOfWork.without_transaction) reads one row or a handful, and
SQLAlchemy's work around each execution cost more than the statement itself: a Session and its
Connection checked out and set to autocommit, the compiled cache's key, the result's metadata
built from the cursor's description (bench/read_path_cpu.py: a customer by id took 265 us in its
use case, the same statement on a pooled psycopg connection 115 us).

So a `Read` is a fixed statement (a module constant, built once) compiled once per dialect, and
a read-only unit of work gives its session a `DriverConnection`: a pooled connection taken at the
first read, in autocommit, and given back at the end. The rows are SQLAlchemy `Row`s, as
`session.execute()` would return them. Anywhere else (a write's transaction, a consumer's), the
same Read runs through the session like any statement, so a repository has one way to read.
"""
from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect, Row, result_tuple
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

# Session.info key of a read-only unit of work's DriverConnection (db/unit_of_work.py).
DRIVER = "b2b.driver_connection"


class DriverConnection:
    """A pooled connection for one read-only unit of work: taken at its first read, in autocommit
    (no BEGIN or ROLLBACK around a single statement), back in the pool, as the pool lent it,
    at release()."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._pooled = None  # SQLAlchemy's pooled connection, once taken

    @property
    def dialect(self) -> Dialect:
        return self.engine.dialect

    def cursor(self):
        if self._pooled is None:
            try:
                pooled = self.engine.raw_connection()
            except self.dialect.loaded_dbapi.Error as error:  # the database out of reach: 503, as through a Session
                raise DBAPIError.instance(None, None, error, self.dialect.loaded_dbapi.Error, dialect=self.dialect) from error
            try:
                pooled.driver_connection.autocommit = True
            except BaseException:
                pooled.invalidate()
                raise
            self._pooled = pooled
        return self._pooled.driver_connection.cursor()

    def release(self) -> None:
        pooled, self._pooled = self._pooled, None
        if pooled is None:
            return
        try:
            pooled.driver_connection.autocommit = False  # the next user (a write) expects a transaction
        except Exception:  # the connection broke: never lend it again
            pooled.invalidate()
        pooled.close()

    def failed(self, error: Exception, sql: str, values: dict, cursor) -> DBAPIError:
        """The driver's error as SQLAlchemy raises it. A lost connection invalidates the whole pool,
        as SQLAlchemy does (its siblings met the same restart), and says so (connection_invalidated):
        the HTTP layer then runs the read once more on a fresh connection (http/app.py)."""
        pooled = self._pooled
        lost = pooled is not None and self.dialect.is_disconnect(error, pooled.driver_connection, cursor)
        if lost:
            self._pooled = None
            pooled.invalidate(error)
            self.engine.dispose(close=False)  # connections lent now close when they come back
        return DBAPIError.instance(sql, values, error, self.dialect.loaded_dbapi.Error,
                                   connection_invalidated=lost, dialect=self.dialect)


class _Compiled:
    """A Read's statement as one dialect renders it, with what turns its parameters and rows."""

    def __init__(self, statement: Executable, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        if compiled.post_compile_params or compiled.literal_execute_params:
            raise ValueError("A Read's SQL must be fixed: `= ANY(:array)` instead of an expanding IN.")
        self.sql = compiled.string
        self._compiled = compiled
        self._bind_processors = {name: processor for name, bind in compiled.binds.items()
                                 if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))}
        self._dialect = dialect
        # A select's columns, or a text()'s declared ones; none: the first result's names, untyped
        # (SQLAlchemy reads those as they come too).
        self._columns = list(getattr(statement, "selected_columns", ()))
        self._shape: tuple[Callable[[Any], Row], list] | None = None  # (make_row, processors), at the first result

    def values(self, params: dict) -> dict:
        values = self._compiled.construct_params(params)
        for name, processor in self._bind_processors.items():
            values[name] = processor(values[name])
        return values

    def rows(self, fetched: list[tuple], cursor) -> list[Row]:
        make_row, processors = self._shape or self._shape_of(cursor.description)
        if not processors:
            return [make_row(values) for values in fetched]
        return [make_row([value if process is None else process(value) for process, value in zip(processors, values)])
                for values in fetched]

    def _shape_of(self, description) -> tuple[Callable[[Any], Row], list]:
        """The rows' keys, and what SQLAlchemy does to each column's values: most types nothing
        (psycopg gives Python's types), some decide by the type the server answered with."""
        dialect = self._dialect
        if not self._columns:
            self._shape = (result_tuple([described.name for described in description]), [])
            return self._shape
        found = [column.type.dialect_impl(dialect).result_processor(dialect, described.type_code)
                 for column, described in zip(self._columns, description, strict=True)]
        self._shape = (result_tuple([column.key for column in self._columns]), found if any(found) else [])
        return self._shape


class Read:
    """A fixed read statement (built once, at import), for the reads a request makes most often."""

    def __init__(self, statement: Executable):
        self.statement = statement
        self._by_dialect: weakref.WeakKeyDictionary[Dialect, _Compiled] = weakref.WeakKeyDictionary()

    def all(self, session: Session, params: dict) -> list[Row]:
        driver: DriverConnection | None = session.info.get(DRIVER)
        if driver is None:  # inside a transaction: the session's own
            return session.execute(self.statement, params).all()
        compiled = self._compiled_for(driver.dialect)
        values = compiled.values(params)
        cursor = driver.cursor()
        try:
            cursor.execute(compiled.sql, values)
            return compiled.rows(cursor.fetchall(), cursor)
        except driver.dialect.loaded_dbapi.Error as error:
            raise driver.failed(error, compiled.sql, values, cursor) from error
        finally:
            cursor.close()

    def first(self, session: Session, params: dict) -> Row | None:
        rows = self.all(session, params)
        return rows[0] if rows else None

    def _compiled_for(self, dialect: Dialect) -> _Compiled:
        compiled = self._by_dialect.get(dialect)
        if compiled is None:
            compiled = self._by_dialect[dialect] = _Compiled(self.statement, dialect)
        return compiled
