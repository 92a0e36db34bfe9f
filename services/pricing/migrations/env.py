from b2b_shared.db.alembic_env import run_migrations
from pricing.domain.model import Base

run_migrations(Base.metadata)
