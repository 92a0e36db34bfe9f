"""Every pricing table on one metadata: what Alembic (migrations/env.py) and the suite (service.py)
compare and create. Importing the entity modules is what puts their tables on Base.metadata."""
from __future__ import annotations

from ..domain import assignments, balances, price_lists, read_model, terms  # noqa: F401
from .orm import Base

METADATA = Base.metadata
