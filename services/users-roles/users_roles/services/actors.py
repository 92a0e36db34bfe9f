"""How the users-roles use cases ask the suite's one authorization (b2b_shared.http.access).

Routes declare the permission they need and hand the caller's Access to the use case; these
helpers phrase the checks a use case makes on the records it loads.
"""
from __future__ import annotations

import uuid

from b2b_shared.auth.levels import Level
from b2b_shared.auth.principal import CUSTOMER_USER
from b2b_shared.errors import Forbidden, NotFound
from b2b_shared.http.access import Access


def check_user(access: Access, action: str, customer_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """A customer user out of the caller's reach answers like one that does not exist."""
    access.to("customer_user", action).check(customer_id, user_id,
                                             otherwise=NotFound(f"Customer user {user_id} does not exist."))


def own_levels(access: Access) -> dict[tuple[str, str], Level] | None:
    """The author's own levels, which a role it writes may not exceed; None: unrestricted."""
    if access.principal.kind == CUSTOMER_USER:
        return access.principal.permissions
    if not access.unrestricted:
        raise Forbidden("Only administrators may write roles.")
    return None
