"""The worker processes every service runs, built from its config and metadata: the outbox relay
and the event consumer. A service's entrypoints/relay.py and consumer.py are one call each."""
from __future__ import annotations

from sqlalchemy import MetaData

from .config import ServiceConfig
from .db.engine import make_engine, make_session_factory
from .db.tables import inbox_table, outbox_table
from .logging import configure_logging
from .messaging.consumer import Consumer, Handler
from .messaging.relay import OutboxRelay
from .process import run_until_signalled


def make_relay(config: ServiceConfig, metadata: MetaData) -> OutboxRelay:
    return OutboxRelay(make_engine(config.database_url, 2), outbox_table(metadata), config.amqp_url,
                       config.events_exchange, config.outbox_channel)


def make_consumer(config: ServiceConfig, metadata: MetaData, queue: str, handlers: dict[str, Handler]) -> Consumer:
    session_factory = make_session_factory(make_engine(config.database_url, 2))
    return Consumer(config.amqp_url, config.events_exchange, config.queue_name(queue), handlers, session_factory,
                    inbox_table(metadata))


def declare_queue(config: ServiceConfig, metadata: MetaData, queue: str, handlers: dict[str, Handler]) -> None:
    """For a service's migrate step: its queue and bindings exist before any relay publishes."""
    make_consumer(config, metadata, queue, handlers).declare()


def run(config: ServiceConfig, *loops) -> None:
    configure_logging(config.log_level)
    run_until_signalled(*loops)
