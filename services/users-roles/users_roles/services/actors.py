"""Who is acting: from the access token when the request has one (the gateway forwards it).

No Authorization header means an internal call behind the gateway (the system); staff may do
everything; a customer user is held to its own roles, checked like any authz request.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from b2b_shared.errors import Forbidden

from ..adapters import authz_queries
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.permissions import Level, effective_permissions
from .authz import Check, evaluate


@dataclass(frozen=True)
class Actor:
    kind: str  # system | staff | customer_user
    user_id: uuid.UUID | None = None
    customer_id: uuid.UUID | None = None

    @property
    def unrestricted(self) -> bool:
        return self.kind in ("system", "staff")


SYSTEM = Actor("system")


def authorize(uow: UsersRolesUnitOfWork, actor: Actor, resource: str, action: str,
              owner_customer_id: uuid.UUID | None, owner_user_id: uuid.UUID | None = None) -> None:
    if actor.unrestricted:
        return
    answer = evaluate(uow, Check(actor.user_id, resource, action, owner_customer_id, owner_user_id))
    if not answer.decision.allowed:
        raise Forbidden(f"You may not {action} this {resource}.")


def require_staff(actor: Actor) -> None:
    if not actor.unrestricted:
        raise Forbidden("Only back-office staff may do this.")


def levels_of(uow: UsersRolesUnitOfWork, actor: Actor) -> dict[tuple[str, str], Level]:
    """The acting customer user's own effective levels: a role it writes may grant no more."""
    row = authz_queries.subject(uow.session, actor.user_id)
    roles = row.roles if row else []
    return {(p["resource"], p["action"]): Level[p["access_level"]] for p in effective_permissions(roles)}
