"""The pricing service's configuration, read from the environment once."""
from __future__ import annotations

from dataclasses import dataclass, field

from b2b_shared.config import ServiceConfig, env

SERVICE = "pricing"


def _flag(name: str) -> bool:
    return env(name, "false").lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class PricingConfig(ServiceConfig):
    # The option none of the anchors has: a customer inherits its ancestors' price lists,
    # payment term and tax code before its group's. Off by default (OroCommerce behaviour).
    inherit_parent: bool = field(default_factory=lambda: _flag("PRICING_INHERIT_PARENT"))


def load_config(**overrides) -> PricingConfig:
    return PricingConfig.from_env(SERVICE, **overrides)
