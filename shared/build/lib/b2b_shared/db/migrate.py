"""Create a service's database if it is missing, then run its Alembic migrations to head."""
from __future__ import annotations

from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from psycopg import sql
from sqlalchemy.engine import make_url

from ..config import sqlalchemy_url


def ensure_database(database_url: str) -> None:
    url = make_url(sqlalchemy_url(database_url))
    server = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (url.database,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))


def drop_database(database_url: str) -> None:
    url = make_url(sqlalchemy_url(database_url))
    server = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(url.database)))


def upgrade(database_url: str, migrations_dir: Path) -> None:
    """Migrations live in `<service>/migrations`; their env.py reads `sqlalchemy.url` from here."""
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(database_url).replace("%", "%%"))
    command.upgrade(config, "head")


def migrate(database_url: str, migrations_dir: Path) -> None:
    ensure_database(database_url)
    upgrade(database_url, migrations_dir)
