"""python -m customers.entrypoints.migrate: create the database if missing, migrate to head, and
declare the consumer's queue (so that events published before the consumer first runs wait for it)."""
from pathlib import Path

from b2b_shared.db.migrate import migrate
from b2b_shared.workers import declare_queue

from ..config import load_config
from ..domain.model import Base
from ..messaging.handlers import HANDLERS, QUEUE

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def main() -> None:
    config = load_config()
    migrate(config.database_url, MIGRATIONS)
    declare_queue(config, Base.metadata, QUEUE, HANDLERS)


if __name__ == "__main__":
    main()
