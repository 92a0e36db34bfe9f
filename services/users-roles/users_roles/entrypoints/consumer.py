"""python -m users_roles.entrypoints.consumer: keep the customer read model from customer.* events."""
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.workers import make_consumer, run

from ..config import UsersRolesConfig, load_config
from ..domain.model import Base
from ..messaging.handlers import HANDLERS, QUEUE


def build_consumer(config: UsersRolesConfig, queue: str = QUEUE) -> Consumer:
    return make_consumer(config, Base.metadata, queue, HANDLERS)


def main() -> None:
    config = load_config()
    run(config, build_consumer(config))


if __name__ == "__main__":
    main()
