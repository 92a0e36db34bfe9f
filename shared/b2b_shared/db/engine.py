"""SQLAlchemy 2.0 engine and session factory for one service database."""
from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from ..config import sqlalchemy_url


def make_engine(database_url: str, pool_size: int = 5, *, pre_ping: bool = True, recycle_seconds: int = -1) -> Engine:
    """pre_ping (the default) tests every connection with a round trip at checkout, so a request
    never meets a connection the server dropped. A latency-bound service may turn it off (each
    ping is a round trip per request) and set recycle_seconds instead: connections older than
    that are replaced at checkout, and a connection found dead fails that one request, after
    which SQLAlchemy invalidates the whole pool so the next request gets a fresh connection."""
    return create_engine(
        sqlalchemy_url(database_url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        pool_recycle=recycle_seconds,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: use cases return objects that routes serialise after the commit.
    return sessionmaker(bind=engine, expire_on_commit=False)
