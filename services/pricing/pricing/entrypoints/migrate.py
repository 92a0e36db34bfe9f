"""python -m pricing.entrypoints.migrate: create the database if missing, migrate to head."""
from pathlib import Path

from b2b_shared.db.migrate import migrate

from ..config import load_config

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def main() -> None:
    migrate(load_config().database_url, MIGRATIONS)


if __name__ == "__main__":
    main()
