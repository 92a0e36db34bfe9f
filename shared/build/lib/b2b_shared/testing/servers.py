"""Where the tests' PostgreSQL and RabbitMQ are.

`POSTGRES_URL` / `AMQP_URL` name running servers (this machine and CI); when neither is set a
testcontainers container is started for the session (a developer laptop with Docker).
"""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from ..db.migrate import drop_database, migrate


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    if os.environ.get("POSTGRES_URL"):
        yield os.environ["POSTGRES_URL"].rstrip("/")
        return
    from testcontainers.postgres import PostgresContainer

    with PostgresContainer("postgres:15", driver=None) as container:
        url = container.get_connection_url()
        yield url.rsplit("/", 1)[0]


@contextlib.contextmanager
def rabbitmq_server() -> Iterator[str]:
    if os.environ.get("AMQP_URL"):
        yield os.environ["AMQP_URL"]
        return
    from testcontainers.rabbitmq import RabbitMqContainer

    with RabbitMqContainer("rabbitmq:3.13") as container:
        params = container.get_connection_params()
        yield f"amqp://guest:guest@{params.host}:{params.port}/"


@contextlib.contextmanager
def migrated_database(server_url: str, service: str, migrations_dir: Path) -> Iterator[str]:
    """A database of its own for one test session of one service, dropped afterwards."""
    url = f"{server_url}/test_{service.replace('-', '_')}_{uuid.uuid4().hex[:10]}"
    migrate(url, migrations_dir)
    try:
        yield url
    finally:
        drop_database(url)
