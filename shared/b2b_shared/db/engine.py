"""SQLAlchemy 2.0 engine and session factory for one service database."""
from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from ..config import sqlalchemy_url


def make_engine(database_url: str, pool_size: int = 5, *, pre_ping: bool = True, recycle_seconds: int = -1) -> Engine:
    """pre_ping (the default) tests every connection with a round trip at checkout, so a worker
    never meets a connection the server dropped. Web processes use make_web_engine instead."""
    return create_engine(
        sqlalchemy_url(database_url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        pool_recycle=recycle_seconds,
    )


def make_web_engine(database_url: str, pool_size: int = 5) -> Engine:
    """A web process's engine: no ping at checkout (a round trip on every request, a quarter of a
    read's; bench/read_ceiling.py), connections renewed after half an hour instead. A connection
    the server dropped (a restart) then fails the statement that meets it; SQLAlchemy invalidates
    the whole pool at once, the app retries a read once on a fresh connection
    (http/app.py, App.dispatch_request) and answers a write 503 with Retry-After."""
    return make_engine(database_url, pool_size, pre_ping=False, recycle_seconds=1800)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: use cases return objects that routes serialise after the commit.
    return sessionmaker(bind=engine, expire_on_commit=False)
