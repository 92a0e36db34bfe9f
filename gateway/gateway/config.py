"""The gateway's configuration, read from the environment: where each service is (`<SERVICE>_URL`),
how long to wait for it, what a token must say (the fields of `TokenConfig`, shared with every
service), and the limits the front door enforces (rates, body sizes, CORS origins)."""
from __future__ import annotations

from dataclasses import dataclass, field

from b2b_shared.config import TokenConfig, env, env_int

from .routes import DEFAULT_PORTS

MIB = 1024 * 1024


def _service_urls() -> dict[str, str]:
    return {
        service: env(f"{service.upper().replace('-', '_')}_URL", f"http://127.0.0.1:{port}").rstrip("/")
        for service, port in DEFAULT_PORTS.items()
    }


def _origins() -> tuple[str, ...]:
    return tuple(origin.strip() for origin in env("CORS_ALLOWED_ORIGINS", "").split(",") if origin.strip())


def _ratelimit_storage() -> str:
    # REDIS_URL is what `make run` and the README name; RATELIMIT_STORAGE_URI (flask-limiter's own
    # name) wins when both are set.
    return env("RATELIMIT_STORAGE_URI", env("REDIS_URL", "redis://127.0.0.1:6379/0"))


@dataclass(frozen=True, kw_only=True)
class GatewayConfig(TokenConfig):
    service_urls: dict[str, str] = field(default_factory=_service_urls)
    connect_timeout: float = field(default_factory=lambda: float(env("UPSTREAM_CONNECT_TIMEOUT", "2")))
    read_timeout: float = field(default_factory=lambda: float(env("UPSTREAM_READ_TIMEOUT", "15")))
    pool_size: int = field(default_factory=lambda: env_int("UPSTREAM_POOL_SIZE", 20))
    # How long the customer view waits for each of its sections before marking it unavailable.
    view_timeout: float = field(default_factory=lambda: float(env("CUSTOMER_VIEW_TIMEOUT", "3")))
    log_level: str = field(default_factory=lambda: env("LOG_LEVEL", "INFO"))

    # Rate limits (flask-limiter notation), counted in Redis so that every replica shares them.
    ratelimit_storage_uri: str = field(default_factory=_ratelimit_storage)
    # Namespaces the counters: a test run and a `make run` on one Redis never share them.
    ratelimit_key_prefix: str = field(default_factory=lambda: env("RATELIMIT_KEY_PREFIX", "b2b-gateway"))
    ratelimit_per_identity: str = field(default_factory=lambda: env("RATELIMIT_PER_IDENTITY", "600/minute"))
    ratelimit_per_address: str = field(default_factory=lambda: env("RATELIMIT_PER_ADDRESS", "1200/minute"))
    ratelimit_sign_in: str = field(default_factory=lambda: env("RATELIMIT_SIGN_IN", "30/minute"))

    max_body_bytes: int = field(default_factory=lambda: env_int("MAX_BODY_BYTES", MIB))
    max_upload_bytes: int = field(default_factory=lambda: env_int("MAX_UPLOAD_BYTES", 100 * MIB))
    cors_allowed_origins: tuple[str, ...] = field(default_factory=_origins)
    openapi_cache_seconds: float = field(default_factory=lambda: float(env("OPENAPI_CACHE_SECONDS", "30")))
