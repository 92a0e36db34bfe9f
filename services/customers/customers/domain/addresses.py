"""The address book's rule: at most one default billing and one default shipping address per
customer. Making an address the default takes the flag off the previous one in the same commit."""
from __future__ import annotations

import uuid

from .model import Address

DEFAULT_FLAGS = {"billing": "default_billing", "shipping": "default_shipping"}


def default_errors(types: list[str], flags: dict[str, bool]) -> dict[str, list[str]]:
    return {
        flag: [f"Only an address of type {kind} can be the default {kind} address."]
        for kind, flag in DEFAULT_FLAGS.items()
        if flags.get(flag) and kind not in types
    }


def take_over_defaults(address_id: uuid.UUID, flags: dict[str, bool], book: list[Address]) -> None:
    """Clear from the customer's other addresses the default flags `address_id` is taking."""
    for flag, wanted in flags.items():
        if not wanted:
            continue
        for other in book:
            if other.id != address_id and getattr(other, flag):
                other.update(**{flag: False})
