"""The customers service's configuration, read from the environment once."""
from b2b_shared.config import ServiceConfig

SERVICE = "customers"


def load_config(**overrides) -> ServiceConfig:
    return ServiceConfig.from_env(SERVICE, **overrides)
