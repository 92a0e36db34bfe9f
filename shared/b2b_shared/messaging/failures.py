"""Is a failure the database's passing state (retry the same message later) or the message's own
(the broker's delivery limit, then the dead-letter queue)?

A valid event must not be dead-lettered because PostgreSQL restarted, failed over, was briefly out
of reach or chose it as a deadlock victim: the same transaction succeeds once that has passed.
SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
"""
from __future__ import annotations

import psycopg
from sqlalchemy import exc as sa

TRANSIENT_SQLSTATE_CLASSES = frozenset({
    "08",  # connection exception: refused, reset, closed by the server
    "40",  # transaction rollback: deadlock detected, serialization failure
    "53",  # insufficient resources: too many connections, out of memory or disk
})
TRANSIENT_SQLSTATES = frozenset({
    "57P01",  # admin_shutdown: the server is stopping (restart, failover)
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now: the server is starting or in recovery
    "55P03",  # lock_not_available: lock_timeout
    "57014",  # query_canceled: statement_timeout
})


def is_transient(error: BaseException) -> bool:
    """True when anything in the error's chain says the database, not the message, failed."""
    return any(_transient_link(link) for link in _chain(error))


def _transient_link(error: BaseException) -> bool:
    if isinstance(error, (sa.DisconnectionError, sa.TimeoutError, ConnectionError)):
        return True  # the pool could not hand out a live connection in time; a socket refused or reset
    if isinstance(error, sa.DBAPIError) and error.connection_invalidated:
        return True  # SQLAlchemy saw the connection die under the statement
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in TRANSIENT_SQLSTATE_CLASSES or sqlstate in TRANSIENT_SQLSTATES
    # libpq's own failures carry no SQLSTATE: the server never answered (refused, reset, closed).
    return isinstance(error, psycopg.OperationalError)


def _chain(error: BaseException):
    """The error, what it wraps (SQLAlchemy's `.orig`) and what it was raised from or during."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        link = pending.pop()
        if link is None or id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        pending += [getattr(link, "orig", None), link.__cause__, link.__context__]
