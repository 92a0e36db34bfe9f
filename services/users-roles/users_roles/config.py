"""The users-roles service's configuration, read from the environment once."""
from __future__ import annotations

from dataclasses import dataclass, field

from b2b_shared.config import ServiceConfig, env, env_int

from .domain.throttle import ACCOUNT_CEILING

SERVICE = "users-roles"


@dataclass(frozen=True)
class UsersRolesConfig(ServiceConfig):
    access_token_seconds: int = field(default_factory=lambda: env_int("ACCESS_TOKEN_SECONDS", 900))
    refresh_token_seconds: int = field(default_factory=lambda: env_int("REFRESH_TOKEN_SECONDS", 30 * 24 * 3600))
    # A directory of PEM private keys (one per kid); empty = keys kept in the database.
    jwt_keys_dir: str = field(default_factory=lambda: env("JWT_PRIVATE_KEYS_DIR", ""))
    # argon2id cost: OWASP's minimum is m=19 MiB, t=2, p=1 (Password Storage Cheat Sheet).
    argon2_memory_kib: int = field(default_factory=lambda: env_int("ARGON2_MEMORY_KIB", 19 * 1024))
    argon2_time_cost: int = field(default_factory=lambda: env_int("ARGON2_TIME_COST", 2))
    # Failed sign-ins, from all addresses together, that lock an account (domain/throttle.py).
    sign_in_account_ceiling: int = field(default_factory=lambda: env_int("SIGN_IN_ACCOUNT_CEILING", ACCOUNT_CEILING))
    # Processes that call services as themselves (client-credentials grant), as JSON:
    # {"<client id>": {"secret_sha256": "<hex>", "scopes": ["customer:VIEW", ...]}}; from a Secret.
    service_clients: str = field(default_factory=lambda: env("SERVICE_CLIENTS", "{}"), repr=False)
    bootstrap_admin_email: str = field(default_factory=lambda: env("BOOTSTRAP_ADMIN_EMAIL", ""))
    bootstrap_admin_password: str = field(default_factory=lambda: env("BOOTSTRAP_ADMIN_PASSWORD", ""), repr=False)


def load_config(**overrides) -> UsersRolesConfig:
    return UsersRolesConfig.from_env(SERVICE, **overrides)
