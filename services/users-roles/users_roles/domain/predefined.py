"""The predefined global roles, seeded idempotently by the migrate entrypoint.

ADMINISTRATOR: the customer's administrator; manages the users and self-managed roles of its
customer and subsidiaries (CORPORATE). BUYER: buys for its own customer, edits only itself.
ANONYMOUS: non-authenticated visitors; the gateway evaluates them against the storefront's
guest customer, so only catalogue-like reads are granted.
"""
from __future__ import annotations

from .permissions import ACTIONS, RESOURCES


def _grid(levels: dict[str, dict[str, str]]) -> list[dict]:
    return [{"resource": r, "action": a, "access_level": lvl}
            for r, actions in levels.items() for a, lvl in actions.items()]


def _all(level: str) -> dict[str, str]:
    return {action: level for action in ACTIONS}


ADMINISTRATOR = _grid({
    **{resource: _all("CORPORATE") for resource in ("customer_user", "role", "customer_address")},
    "customer": {"VIEW": "CORPORATE", "EDIT": "DEPARTMENT"},
    "price_list": {"VIEW": "CORPORATE"},
    "payment_term": {"VIEW": "CORPORATE"},
    "balance": {"VIEW": "CORPORATE"},
    "import_job": {"VIEW": "DEPARTMENT", "CREATE": "DEPARTMENT"},
})

BUYER = _grid({
    "customer_user": {"VIEW": "USER", "EDIT": "USER"},
    "customer": {"VIEW": "DEPARTMENT"},
    "customer_address": {"VIEW": "DEPARTMENT"},
    "price_list": {"VIEW": "DEPARTMENT"},
    "payment_term": {"VIEW": "DEPARTMENT"},
    "balance": {"VIEW": "DEPARTMENT"},
})

ANONYMOUS = _grid({"price_list": {"VIEW": "DEPARTMENT"}})

# name -> (label, self_managed, permissions). Customer administrators may assign the
# self-managed ones to their users, but only staff can change any global role.
PREDEFINED_ROLES = {
    "ADMINISTRATOR": ("Administrator", True, ADMINISTRATOR),
    "BUYER": ("Buyer", True, BUYER),
    "ANONYMOUS": ("Non-authenticated visitor", False, ANONYMOUS),
}

assert all(p["resource"] in RESOURCES for _, _, ps in PREDEFINED_ROLES.values() for p in ps)
