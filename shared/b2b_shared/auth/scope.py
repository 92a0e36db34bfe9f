"""How far one permission reaches: a pure value the policy hands out and the services apply.

`reaches(owner)` decides a single record; `filter(...)` in `hierarchy.py` turns the same scope
into SQL for lists and exports, so a list never shows a row its item route would refuse.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Owner:
    """What a record's owner is, as the owning service's hierarchy knows it."""

    customer_id: uuid.UUID | None
    user_id: uuid.UUID | None = None
    lineage: tuple[uuid.UUID, ...] = ()  # the owner customer's ancestors and itself, root first
    sales_rep_ids: frozenset[uuid.UUID] = frozenset()  # named by the customer or any ancestor


@dataclass(frozen=True)
class Scope:
    """ALL; CUSTOMER (one customer); SUBTREE (a customer and its descendants); USER (one user's
    own records within its customer); REPS (customers naming a sales representative, and their
    subsidiaries)."""

    kind: str
    customer_id: uuid.UUID | None = None
    user_id: uuid.UUID | None = None

    def reaches(self, owner: Owner) -> bool:
        if self.kind == ALL:
            return True
        if owner.customer_id is None and owner.user_id is None:
            return False  # not owned by a customer: only unrestricted callers reach it
        if self.kind == CUSTOMER:
            return owner.customer_id == self.customer_id
        if self.kind == SUBTREE:
            return self.customer_id in owner.lineage or owner.customer_id == self.customer_id
        if self.kind == USER:
            return owner.user_id is not None and owner.user_id == self.user_id
        if self.kind == REPS:
            return self.user_id in owner.sales_rep_ids
        return False

    @property
    def beyond_own_records(self) -> bool:
        """Whether it reaches other people's records: a customer's (DEPARTMENT), a company's
        (CORPORATE), the represented customers' or everything; not USER's own records only.
        What managing other users takes, such as importing a customer's users."""
        return self.kind != USER


ALL, CUSTOMER, SUBTREE, USER, REPS = "all", "customer", "subtree", "user", "reps"
EVERYTHING = Scope(ALL)
