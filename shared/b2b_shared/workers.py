"""The worker processes every service runs, built from its config and metadata: the outbox relay
and the event consumer (b2b_shared.entrypoints runs them for every service)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from prometheus_client import REGISTRY
from sqlalchemy import MetaData
from sqlalchemy.orm import Session

from .config import ServiceConfig
from .db.engine import make_engine, make_session_factory
from .db.tables import inbox_table, outbox_table
from .logging import configure_logging
from .messaging.consumer import Consumer, Handler
from .messaging.gauges import OutboxGauges
from .messaging.inbox import the_session
from .messaging.relay import OutboxRelay
from .process import run_until_signalled
from .worker_endpoints import serve_worker_endpoints

JoinedUnitOfWork = Callable[[ServiceConfig, Session], Any]


def make_relay(config: ServiceConfig, metadata: MetaData) -> OutboxRelay:
    return OutboxRelay(make_engine(config.database_url, 2), outbox_table(metadata), config.amqp_url,
                       config.events_exchange, config.outbox_channel)


# Events are small: a consumer takes a backlog of them in batches. A work queue's message is a whole
# batch of rows (an import's): one at a time, so that each is committed and answered on its own (the
# job's progress moves batch by batch, and its answers are counted while the next batch is applied),
# and replicas share a job's batches instead of the first one prefetching all of them.
EVENTS_PREFETCH, WORK_QUEUE_PREFETCH = 200, 1


def make_consumer(config: ServiceConfig, metadata: MetaData, queue: str, handlers: Mapping[str, Handler],
                  unit_of_work: JoinedUnitOfWork | None = None, work_queue: bool = False) -> Consumer:
    """`unit_of_work(config, session)`, when given, is what each handler gets: the service's unit of
    work joined to the consumer's transaction. Without it handlers get the session.

    One batch at a time on one session: one kept connection is all an events consumer needs. A work
    queue's handler also reads the actor on a connection of its own while the batch's transaction
    holds the first (import_batches.actor_may): with one kept, every batch closed one and opened
    another, a new PostgreSQL backend per batch (bench/customers_import_batches.py)."""
    session_factory = make_session_factory(make_engine(config.database_url, 2 if work_queue else 1))
    joined = partial(unit_of_work, config) if unit_of_work else the_session
    return Consumer(config.amqp_url, config.events_exchange, config.queue_name(queue), dict(handlers),
                    session_factory, inbox_table(metadata), joined=joined,
                    prefetch=WORK_QUEUE_PREFETCH if work_queue else EVENTS_PREFETCH)


def declare_queue(config: ServiceConfig, metadata: MetaData, queue: str, handlers: Mapping[str, Handler]) -> None:
    """For a service's migrate step: its queue and bindings exist before any relay publishes."""
    make_consumer(config, metadata, queue, handlers).declare()


def serve_endpoints(config: ServiceConfig, ready: dict[str, Callable[[], bool]], *collectors) -> None:
    """The worker's /metrics and /health on METRICS_PORT, with gauges read at scrape time; off without it."""
    if not config.metrics_port:
        return
    for collector in collectors:
        REGISTRY.register(collector)
    serve_worker_endpoints(config.metrics_port, ready)


def relay_gauges(config: ServiceConfig, metadata: MetaData) -> OutboxGauges:
    return OutboxGauges(make_engine(config.database_url, 1), outbox_table(metadata))


def run(config: ServiceConfig, *loops) -> None:
    configure_logging(config.log_level)
    run_until_signalled(*loops)
