"""The declarative base every pricing table hangs off, and the versioned-resource mixin.

Shortcut, named (as in customers): entities are declarative ORM classes; their rules still
live in this package and record what happened (`self.record(...)`) for the unit of work.
`version` is SQLAlchemy's version counter: every UPDATE checks and bumps it.
"""
from __future__ import annotations

from b2b_shared.auth.principal_tables import add_principal_tables
from b2b_shared.db.tables import add_messaging_tables
from sqlalchemy.orm import DeclarativeBase

LEVELS = ("customer", "customer_group", "default")
TARGET_LEVELS = ("customer", "customer_group")



class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)
add_principal_tables(Base.metadata)  # who may call us, from users-roles' events


# Importing the entity modules registers their tables on Base.metadata (for Alembic and the UoW).
from . import balances, price_lists, read_model, terms  # noqa: E402,F401
