"""The rule shared by sales representatives and task assignees: they name staff users who exist
(the principal read model kept from users-roles' events, adapters/staff.py)."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from ..adapters.unit_of_work import CustomersUnitOfWork


def unknown_staff_errors(uow: CustomersUnitOfWork, field: str, user_ids: Iterable[uuid.UUID] | None) -> dict:
    """{field: [message naming the unknown ids]}, or {} when every id is a staff user."""
    unknown = uow.staff.unknown(user_ids or [])
    if not unknown:
        return {}
    return {field: [f"No staff user has the id {', '.join(str(user_id) for user_id in unknown)}."]}
