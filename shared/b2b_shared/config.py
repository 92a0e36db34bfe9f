"""Configuration read from the environment in one place, with defaults that make local runs work.

Each service subclasses `ServiceConfig` in its own `config.py`; tests build one with overrides.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
EVENTS_EXCHANGE = "b2b.events"
DEFAULT_USERS_ROLES_URL = "http://127.0.0.1:8002"


def env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


def database_url_for(service: str) -> str:
    """`<SERVICE>_DATABASE_URL`, else the local server (`POSTGRES_URL`) with database `b2b_<service>`."""
    prefix = service.upper().replace("-", "_")
    server = env("POSTGRES_URL", DEFAULT_POSTGRES_URL).rstrip("/")
    return env(f"{prefix}_DATABASE_URL", f"{server}/b2b_{prefix.lower()}")


def sqlalchemy_url(url: str) -> str:
    """Point a plain `postgresql://` URL at the psycopg 3 driver."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


@dataclass(frozen=True, kw_only=True)
class TokenConfig:
    """Where access tokens come from and what they must say: every verifier reads the same variables.

    `JWKS_URL` may be a `file://` URL (a mounted key set; the tests use one)."""

    jwks_url: str = field(default_factory=lambda: env(
        "JWKS_URL", env("USERS_ROLES_URL", DEFAULT_USERS_ROLES_URL).rstrip("/") + "/.well-known/jwks.json"))
    jwt_issuer: str = field(default_factory=lambda: env("JWT_ISSUER", "b2b-users-roles"))
    jwt_audience: str = field(default_factory=lambda: env("JWT_AUDIENCE", "b2b-api"))


@dataclass(frozen=True)
class ServiceConfig(TokenConfig):
    service: str
    database_url: str
    amqp_url: str = field(default_factory=lambda: env("AMQP_URL", DEFAULT_AMQP_URL))
    events_exchange: str = field(default_factory=lambda: env("EVENTS_EXCHANGE", EVENTS_EXCHANGE))
    log_level: str = field(default_factory=lambda: env("LOG_LEVEL", "INFO"))
    db_pool_size: int = field(default_factory=lambda: env_int("DB_POOL_SIZE", 5))
    # Prefixes every queue this service declares, so that two environments on one broker (a
    # `make run` and the end-to-end tests beside it) never share a queue.
    broker_namespace: str = field(default_factory=lambda: env("BROKER_NAMESPACE", ""))
    # Where a relay or consumer serves /metrics and /health (worker_endpoints.py); 0: nowhere.
    metrics_port: int = field(default_factory=lambda: env_int("METRICS_PORT", 0))

    @classmethod
    def from_env(cls, service: str, **overrides) -> "ServiceConfig":
        return cls(service=service, database_url=database_url_for(service), **overrides)

    @property
    def event_source(self) -> str:
        """CloudEvents `source` of what this service publishes."""
        return f"/b2b/{self.service}"

    @property
    def outbox_channel(self) -> str:
        """The PostgreSQL NOTIFY channel that wakes this service's outbox relay."""
        return "outbox_" + self.service.replace("-", "_")

    def queue_name(self, queue: str) -> str:
        return f"{self.broker_namespace}.{queue}" if self.broker_namespace else queue

    def with_(self, **changes) -> "ServiceConfig":
        return replace(self, **changes)
