"""python -m pricing.entrypoints.consumer: keep the customer read model from customer.* events."""
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.db.tables import inbox_table
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.process import run_until_signalled

from ..config import PricingConfig, load_config
from ..domain.model import Base
from ..messaging.handlers import HANDLERS, QUEUE


def make_consumer(config: PricingConfig, queue: str = QUEUE) -> Consumer:
    session_factory = make_session_factory(make_engine(config.database_url, 2))
    return Consumer(config.amqp_url, config.events_exchange, queue, HANDLERS, session_factory,
                    inbox_table(Base.metadata))


def main() -> None:
    config = load_config()
    configure_logging(config.log_level)
    run_until_signalled(make_consumer(config))


if __name__ == "__main__":
    main()
