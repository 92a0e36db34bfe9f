"""The pricing service's configuration, read from the environment once."""
from __future__ import annotations

from dataclasses import dataclass, field

from b2b_shared.config import ServiceConfig, env

from .domain.strategies import MERGE_BY_PRIORITY, STRATEGIES

SERVICE = "pricing"


def _strategy() -> str:
    chosen = env("PRICING_STRATEGY", MERGE_BY_PRIORITY)
    if chosen not in STRATEGIES:
        raise ValueError(f"PRICING_STRATEGY must be one of {', '.join(STRATEGIES)}, not {chosen!r}.")
    return chosen


@dataclass(frozen=True)
class PricingConfig(ServiceConfig):
    # How the prices of a customer's chain of lists combine (domain/strategies.py): one per
    # deployment, as OroCommerce's "Pricing Strategy" setting is one per system.
    strategy: str = field(default_factory=_strategy)


def load_config(**overrides) -> PricingConfig:
    return PricingConfig.from_env(SERVICE, **overrides)
