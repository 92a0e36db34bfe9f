"""The customer hierarchy's rule: a customer never becomes its own ancestor.

There is no depth limit (commercetools stops at 5 levels; business groups can be deeper).
"""
from __future__ import annotations

import uuid

from b2b_shared.errors import Conflict


def check_no_cycle(customer_id: uuid.UUID, parent_lineage: list[uuid.UUID]) -> None:
    """`parent_lineage`: the new parent's ancestors and the parent itself (empty for a root)."""
    if customer_id in parent_lineage:
        raise Conflict(
            "A customer cannot be moved under itself or one of its own subsidiaries.",
            {"parent_id": ["Would make a cycle in the customer hierarchy."]},
        )
