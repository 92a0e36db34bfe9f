"""What a service tells the suite about itself, in its package's `service.py`: how to read its
configuration, its tables, its web app, the events it consumes and any first-start setup.

The shared entrypoints (`b2b-service migrate|relay|consumer|replay <name>` and the gunicorn target
`b2b_shared.entrypoints:web('<name>')`) run every service from this one description, so a new
service writes none of them (docs/adding-a-service.md)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask
from sqlalchemy import MetaData

from .config import ServiceConfig
from .db.unit_of_work import Serializers
from .messaging.consumer import Handler
from .process import Loop
from .workers import JoinedUnitOfWork


@dataclass(frozen=True)
class Consumes:
    """The service's durable queue (before BROKER_NAMESPACE) and a handler per event type it binds.

    `unit_of_work(config, session)` gives handlers the service's unit of work joined to the
    consumer's transaction (its repositories, its outbox); without it they get the session."""
    queue: str
    handlers: Mapping[str, Handler]
    unit_of_work: JoinedUnitOfWork | None = None


@dataclass(frozen=True)
class Service:
    name: str  # as in the registry (b2b_shared/suite/registry.toml)
    load_config: Callable[[], ServiceConfig]
    metadata: MetaData
    create_app: Callable[[ServiceConfig], Flask]
    migrations: Path  # the service's Alembic folder
    consumes: Consumes | None = None
    # Events it follows for features of its own (customers: the activity timeline, order figures), on a
    # queue apart from `consumes`, so that a burst of them (an import, an order backlog) never delays
    # the principal read model there, and with it a disabled user's refusal; the consumer process runs both.
    follows: Consumes | None = None
    # Commands other services ask of it in bulk (import batches), on a work queue of its own so that
    # a long batch never delays the events it consumes; the consumer process runs both.
    commands: Consumes | None = None
    # The loop `b2b-service worker <name>` runs, for a service with work of its own (import jobs).
    worker: Callable[[ServiceConfig], Loop] | None = None
    # First-start setup after the schema is at head (users-roles: predefined roles, first administrator).
    after_migrate: Callable[[ServiceConfig], None] | None = None
    # What `b2b-service republish` writes (messaging/republish.py): the aggregates other services keep
    # read models of (model -> event prefix) and the service's event serializers.
    republishes: Mapping[type, str] = field(default_factory=dict)
    serializers: Serializers = field(default_factory=dict)


def queues_of(service: Service) -> list[Consumes]:
    """What the service's consumer process consumes: its events, those it follows, then its commands."""
    return [consumes for consumes in (service.consumes, service.follows, service.commands) if consumes is not None]


def migrations_beside(package_file: str) -> Path:
    """`services/<name>/migrations`, for a module of the package directly under services/<name>/."""
    return Path(package_file).resolve().parents[1] / "migrations"
