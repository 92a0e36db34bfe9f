"""Where an assignment applies: one customer, a customer group, or everyone (the default level)."""
from __future__ import annotations

CUSTOMER = "customer"
CUSTOMER_GROUP = "customer_group"
DEFAULT = "default"

LEVELS = (CUSTOMER, CUSTOMER_GROUP, DEFAULT)  # price lists
TARGET_LEVELS = (CUSTOMER, CUSTOMER_GROUP)  # payment terms, tax codes and fallbacks: a target, never everyone
