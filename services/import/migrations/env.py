from b2b_shared.db.alembic_env import run_migrations
from importer.adapters import tables  # noqa: F401 - registers the job's working tables
from importer.domain.model import Base

run_migrations(Base.metadata)
