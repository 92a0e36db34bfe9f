"""python -m customers.entrypoints.consumer: keep the principal read model from users-roles' events."""
from b2b_shared.workers import make_consumer, run

from ..config import load_config
from ..domain.model import Base
from ..messaging.handlers import HANDLERS, QUEUE


def main() -> None:
    config = load_config()
    run(config, make_consumer(config, Base.metadata, QUEUE, HANDLERS))


if __name__ == "__main__":
    main()
