from b2b_shared.db.alembic_env import run_migrations
from users_roles.domain import records  # noqa: F401 - registers the read model and token tables
from users_roles.domain.model import Base

run_migrations(Base.metadata)
