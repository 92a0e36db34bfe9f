from b2b_shared.db.alembic_env import run_migrations
from pricing.adapters.tables import METADATA

run_migrations(METADATA)
