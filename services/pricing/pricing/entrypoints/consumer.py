"""python -m pricing.entrypoints.consumer: keep the customer read model from customer.* events and the
principal read model (who may call us) from customer_user.*, staff_user.* and role.* events."""
from b2b_shared.messaging.consumer import Consumer
from b2b_shared.workers import make_consumer as make_service_consumer
from b2b_shared.workers import run

from ..config import PricingConfig, load_config
from ..domain.model import Base
from ..messaging.handlers import HANDLERS, QUEUE


def make_consumer(config: PricingConfig, queue: str = QUEUE) -> Consumer:
    return make_service_consumer(config, Base.metadata, queue, HANDLERS)


def main() -> None:
    config = load_config()
    run(config, make_consumer(config))


if __name__ == "__main__":
    main()
