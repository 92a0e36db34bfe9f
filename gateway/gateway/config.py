"""The gateway's configuration: where each service is (`<SERVICE>_URL`), and how long to wait."""
from __future__ import annotations

from dataclasses import dataclass, field

from b2b_shared.config import env

from .routes import DEFAULT_PORTS


def _service_urls() -> dict[str, str]:
    return {
        service: env(f"{service.upper().replace('-', '_')}_URL", f"http://127.0.0.1:{port}").rstrip("/")
        for service, port in DEFAULT_PORTS.items()
    }


@dataclass(frozen=True)
class GatewayConfig:
    service_urls: dict[str, str] = field(default_factory=_service_urls)
    connect_timeout: float = field(default_factory=lambda: float(env("UPSTREAM_CONNECT_TIMEOUT", "2")))
    read_timeout: float = field(default_factory=lambda: float(env("UPSTREAM_READ_TIMEOUT", "15")))
    pool_size: int = field(default_factory=lambda: int(env("UPSTREAM_POOL_SIZE", "20")))
    log_level: str = field(default_factory=lambda: env("LOG_LEVEL", "INFO"))
