"""The suite's registry of services (registry.toml) and what is derived from one entry."""
from .registry import GATEWAY_PORT, ServiceEntry, built, by_package, entries, entry

__all__ = ["GATEWAY_PORT", "ServiceEntry", "built", "by_package", "entries", "entry"]
