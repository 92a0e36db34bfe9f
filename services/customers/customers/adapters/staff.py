"""What customers knows of the suite's users, from its principal read model (kept from users-roles'
`staff_user.*` and `customer_user.*` events, b2b_shared/auth/principal_events.py): which staff users
exist, to check sales representatives and task assignees, and which customers have an account."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from b2b_shared.auth.principal import CUSTOMER_USER, STAFF
from b2b_shared.auth.principal_tables import principals_table
from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session

from ..domain.model import Base

PRINCIPALS = principals_table(Base.metadata)


def has_account(customer_column) -> ColumnElement[bool]:
    """True for a customer with at least one customer user that is not deleted (a disabled one still
    has its account). Served by ix_authz_principals_customer_users."""
    # `NOT deleted`, spelled as the partial index's predicate: with `deleted IS false` the planner cannot
    # use the index, and hashes every principal instead of walking the name order (bench/customers_list_filters.py).
    return exists().where(PRINCIPALS.c.customer_id == customer_column, PRINCIPALS.c.kind == CUSTOMER_USER,
                          ~PRINCIPALS.c.deleted)


class StaffDirectory:
    def __init__(self, session: Session):
        self.session = session

    def unknown(self, user_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        """The ids among `user_ids` that name no staff user (deleted ones included), in the given order."""
        wanted = list(dict.fromkeys(user_ids))
        if not wanted:
            return []
        known = set(self.session.scalars(select(PRINCIPALS.c.id).where(
            PRINCIPALS.c.id.in_(wanted), PRINCIPALS.c.kind == STAFF, PRINCIPALS.c.deleted.is_(False))))
        return [user_id for user_id in wanted if user_id not in known]
