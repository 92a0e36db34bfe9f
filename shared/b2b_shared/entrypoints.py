"""The processes every service runs, for any service in the registry:

    b2b-service migrate <name>    create the database, migrate to head, declare the queue, first-start setup
    b2b-service relay <name>      publish the outbox to b2b.events
    b2b-service consumer <name>   apply the events (and the commands) the service consumes
    b2b-service worker <name>     run the service's own work loop (import jobs)
    b2b-service replay <name>     move its dead-lettered messages back to its queue
    b2b-service republish <name>  write every aggregate's current state as snapshot events (rebuilds)
    gunicorn -c deploy/gunicorn.conf.py "b2b_shared.entrypoints:web('<name>')"

`<name>` may be left out where B2B_SERVICE names it (the images set it)."""
from __future__ import annotations

import importlib

import click
from flask import Flask
from pika.exceptions import AMQPError

from .db.engine import make_engine
from .db.migrate import migrate as migrate_database
from .db.tables import outbox_table
from .logging import configure_logging
from .messaging.broker import dead_letter_queue
from .messaging.gauges import QueueGauges
from .messaging.replay import replay as replay_queue
from .messaging.republish import republish as republish_snapshots
from .service import Consumes, Service, queues_of
from .suite import entry
from .tracing import configure_tracing
from .workers import declare_queue, make_consumer, make_relay, relay_gauges, run, serve_endpoints


def load_service(name: str) -> Service:
    """The `SERVICE` of `<package>.service`, for the registry's entry `name`."""
    return importlib.import_module(f"{entry(name).package}.service").SERVICE


def web(name: str) -> Flask:
    service = load_service(name)
    return service.create_app(service.load_config())


def setup(service: Service, config) -> None:
    """What `migrate` does; tests call it too."""
    migrate_database(config.database_url, service.migrations)
    for consumes in queues_of(service):
        declare_queue(config, service.metadata, consumes.queue, consumes.handlers)
    if service.after_migrate:
        service.after_migrate(config)


def build_consumer(service: Service, config, queue: str | None = None, consumes: Consumes | None = None):
    consumes = consumes or service.consumes
    if consumes is None:
        raise click.ClickException(f"{service.name} consumes no events")
    return make_consumer(config, service.metadata, queue or consumes.queue, consumes.handlers, consumes.unit_of_work,
                         work_queue=consumes is service.commands)


SERVICE_NAME = click.argument("name", envvar="B2B_SERVICE")


@click.group()
def main() -> None:
    """Run one process of one of the suite's services."""


@main.command()
@SERVICE_NAME
def migrate(name: str) -> None:
    """Create the database if missing, migrate it to head, declare the queue, run first-start setup."""
    service = load_service(name)
    config = service.load_config()
    configure_logging(config.log_level)
    setup(service, config)


@main.command()
@SERVICE_NAME
def relay(name: str) -> None:
    """Publish the service's outbox to the events exchange until SIGTERM."""
    service = load_service(name)
    config = service.load_config()
    configure_logging(config.log_level)
    configure_tracing(service.name)
    relay = make_relay(config, service.metadata)
    serve_endpoints(config, {"broker_and_database": relay.connected.is_set}, relay_gauges(config, service.metadata))
    run(config, relay)


@main.command()
@SERVICE_NAME
def consumer(name: str) -> None:
    """Apply the events (and the commands) the service consumes until SIGTERM."""
    service = load_service(name)
    config = service.load_config()
    configure_logging(config.log_level)
    configure_tracing(service.name)
    consumers = [build_consumer(service, config, consumes=consumes) for consumes in queues_of(service)]
    if not consumers:
        raise click.ClickException(f"{service.name} consumes no events")
    serve_endpoints(config, {c.queue: c.consuming.is_set for c in consumers},
                    *(QueueGauges(config.amqp_url, c.queue) for c in consumers))
    run(config, *consumers)


@main.command()
@SERVICE_NAME
def worker(name: str) -> None:
    """Run the service's own work loop (import jobs) until SIGTERM."""
    service = load_service(name)
    if service.worker is None:
        raise click.ClickException(f"{service.name} has no worker")
    config = service.load_config()
    configure_logging(config.log_level)
    configure_tracing(service.name)
    loop = service.worker(config)
    serve_endpoints(config, {"worker": lambda: not loop.stopping.is_set()})
    run(config, loop)


@main.command()
@SERVICE_NAME
def republish(name: str) -> None:
    """Write the current state of every aggregate others keep read models of into the outbox, as
    <aggregate>.snapshot events, so that consumers can rebuild their read models (the relay sends them)."""
    service = load_service(name)
    if not service.republishes:
        raise click.ClickException(f"{name} publishes nothing that others keep read models of")
    config = service.load_config()
    configure_logging(config.log_level)
    engine = make_engine(config.database_url, 2)
    try:
        written = republish_snapshots(engine, outbox_table(service.metadata), config, service.republishes,
                                      service.serializers)
    finally:
        engine.dispose()
    click.echo(f"wrote {written} snapshot event(s) of {', '.join(service.republishes.values())} to the outbox")


@main.command()
@SERVICE_NAME
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Move at most this many (default: all).")
@click.option("--commands", is_flag=True, help="Replay its command (work) queue instead of its event queue.")
@click.option("--follows", is_flag=True, help="Replay the queue of events it follows (customers: the timeline).")
def replay(name: str, limit: int | None, commands: bool, follows: bool) -> None:
    """Move the service's dead-lettered messages back to its queue, once their cause is fixed."""
    if commands and follows:
        raise click.UsageError("one queue at a time: --commands or --follows")
    service = load_service(name)
    kind = "commands" if commands else "followed events" if follows else "events"
    consumes = service.commands if commands else service.follows if follows else service.consumes
    if consumes is None:
        raise click.ClickException(f"{name} consumes no {kind}")
    config = service.load_config()
    queue = config.queue_name(consumes.queue)
    try:
        moved = replay_queue(config.amqp_url, queue, limit)
    except AMQPError as error:  # a missing queue, a refused republish: what was moved stays moved
        raise click.ClickException(f"replay stopped: {error!r}") from error
    click.echo(f"moved {moved} message(s) from {dead_letter_queue(queue)} to {queue}")


if __name__ == "__main__":
    main()
