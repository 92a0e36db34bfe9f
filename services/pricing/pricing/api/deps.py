"""What pricing's routes take from the app besides a unit of work: its configuration."""
from __future__ import annotations

from flask import current_app

from ..config import PricingConfig


def config() -> PricingConfig:
    return current_app.extensions["pricing.config"]
