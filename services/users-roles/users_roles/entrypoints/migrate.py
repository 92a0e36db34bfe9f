"""python -m users_roles.entrypoints.migrate: create the database if missing, migrate to head,
then the idempotent first-start setup (predefined roles, first administrator, signing key)."""
from pathlib import Path

from b2b_shared.db.engine import make_engine
from b2b_shared.db.migrate import migrate
from b2b_shared.logging import configure_logging

from ..adapters.wiring import uow_factory
from ..config import UsersRolesConfig, load_config
from ..services.bootstrap import bootstrap_admin, ensure_signing_key, seed_roles

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def setup(config: UsersRolesConfig) -> None:
    migrate(config.database_url, MIGRATIONS)
    engine = make_engine(config.database_url, 1)
    try:
        seed_roles(uow_factory(config, engine)())
        bootstrap_admin(uow_factory(config, engine)(), config)
        ensure_signing_key(engine, config)
    finally:
        engine.dispose()


def main() -> None:
    config = load_config()
    configure_logging(config.log_level)
    setup(config)


if __name__ == "__main__":
    main()
