"""The import service's configuration, read from the environment once."""
from __future__ import annotations

from dataclasses import dataclass, field

from b2b_shared.config import ServiceConfig, env, env_int

SERVICE = "import"


@dataclass(frozen=True)
class ImportConfig(ServiceConfig):
    # Where completion emails go out (`make run` starts a local server that keeps them in var/mail).
    smtp_url: str = field(default_factory=lambda: env("SMTP_URL", "smtp://127.0.0.1:8025"))
    mail_from: str = field(default_factory=lambda: env("MAIL_FROM", "imports@b2b.example"))
    # The address people reach the suite at, for the links in emails.
    public_url: str = field(default_factory=lambda: env("PUBLIC_URL", "http://127.0.0.1:8000"))
    max_upload_bytes: int = field(default_factory=lambda: env_int("IMPORT_MAX_UPLOAD_BYTES", 100 * 1024 * 1024))
    max_rows: int = field(default_factory=lambda: env_int("IMPORT_MAX_ROWS", 1_000_000))
    # Rows per command to the owning service: one transaction there (OroCommerce batches by 1,000).
    batch_rows: int = field(default_factory=lambda: env_int("IMPORT_BATCH_ROWS", 500))
    # How often an idle worker looks for queued jobs and unsent emails.
    poll_seconds: float = 1.0


def load_config(**overrides) -> ImportConfig:
    return ImportConfig.from_env(SERVICE, **overrides)
