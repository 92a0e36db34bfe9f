"""python -m pricing.entrypoints.relay: publish this service's outbox to b2b.events."""
from b2b_shared.db.engine import make_engine
from b2b_shared.db.tables import outbox_table
from b2b_shared.logging import configure_logging
from b2b_shared.messaging.relay import OutboxRelay
from b2b_shared.process import run_until_signalled

from ..config import load_config
from ..domain.model import Base


def main() -> None:
    config = load_config()
    configure_logging(config.log_level)
    relay = OutboxRelay(make_engine(config.database_url, 2), outbox_table(Base.metadata), config.amqp_url,
                        config.events_exchange, config.outbox_channel)
    run_until_signalled(relay)


if __name__ == "__main__":
    main()
