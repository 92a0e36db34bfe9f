"""The declarative base every pricing table hangs off, with the outbox, inbox and principal tables.

Shortcut, named (as in customers): the entities are declarative ORM classes, so the domain
modules import this base. It imports none of them, which keeps the imports free of cycles;
adapters/tables.py imports them all when the whole schema is needed.
"""
from __future__ import annotations

from b2b_shared.auth.principal_tables import add_principal_tables
from b2b_shared.db.tables import add_messaging_tables
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


add_messaging_tables(Base.metadata)
add_principal_tables(Base.metadata)  # who may call us, from users-roles' events
