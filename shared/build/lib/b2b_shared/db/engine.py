"""SQLAlchemy 2.0 engine and session factory for one service database."""
from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from ..config import sqlalchemy_url


def make_engine(database_url: str, pool_size: int = 5) -> Engine:
    return create_engine(
        sqlalchemy_url(database_url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: use cases return objects that routes serialise after the commit.
    return sessionmaker(bind=engine, expire_on_commit=False)
