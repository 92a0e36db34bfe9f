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
            try:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(url.database)))
            except psycopg.errors.DuplicateDatabase:
                pass  # another replica's migration created it a moment ago


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


MIGRATION_LOCK_KEY = 0x6D16_7A7E


def migrate(database_url: str, migrations_dir: Path) -> None:
    """Safe to run from several pods at once: they take turns on a session advisory lock."""
    ensure_database(database_url)
    plain = make_url(sqlalchemy_url(database_url)).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
        upgrade(database_url, migrations_dir)
