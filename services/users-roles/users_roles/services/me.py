"""Who the caller is and what it may do: GET /api/v1/authz/me (the gateway's /api/v1/me)."""
from __future__ import annotations

from b2b_shared.auth.principal import CUSTOMER_USER, SERVICE, Principal

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.model import User
from ..domain.permissions import ACTIONS, RESOURCES


def describe(uow: UsersRolesUnitOfWork, principal: Principal) -> dict:
    me = {"kind": principal.kind, "id": principal.subject, "customer_id": principal.customer_id,
          "roles": list(principal.roles), "staff_roles": sorted(principal.staff_roles),
          "scopes": sorted(principal.scopes), "permissions": _permissions(principal)}
    if principal.kind != SERVICE:
        with uow:
            user = uow.users.get(principal.user_id, User)
            me.update(email=user.email, first_name=user.first_name, last_name=user.last_name)
    return me


def _permissions(principal: Principal) -> list[dict]:
    """Every resource x action with the caller's level (customer users; staff act by staff role)."""
    if principal.kind != CUSTOMER_USER:
        return []
    return [{"resource": resource, "action": action, "access_level": principal.level(resource, action).name}
            for resource in RESOURCES for action in ACTIONS]
