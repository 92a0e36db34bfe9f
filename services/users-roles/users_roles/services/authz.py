"""Authorization decisions, answered from the local read model (no call to customers)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from b2b_shared.errors import NotFound
from b2b_shared.http.access import Access

from ..adapters.authz_queries import SubjectRow
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.access import Decision, Owner, Subject, decide
from ..domain.permissions import Grant, Level, effective_permissions, grants_for
from .actors import check_user


@dataclass(frozen=True)
class Check:
    user_id: uuid.UUID
    resource: str
    action: str
    owner_customer_id: uuid.UUID | None = None
    owner_user_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Answer:
    decision: Decision
    grants: list[Grant]


def _decide(check: Check, row: SubjectRow | None) -> Answer:
    if row is None:
        raise NotFound(f"User {check.user_id} does not exist.")
    if row.kind == "staff":
        return Answer(Decision(row.enabled, Level.CORPORATE if row.enabled else Level.NONE, None,
                               "Staff users may do everything." if row.enabled else "The user is disabled."), [])
    if not row.enabled:
        return Answer(Decision(False, Level.NONE, None, "The user is disabled."), [])
    grants = grants_for(row.roles, check.resource, check.action)
    lineage = row.owner_lineage or ((check.owner_customer_id,) if check.owner_customer_id else ())
    owner = Owner(check.owner_customer_id, check.owner_user_id, lineage)
    return Answer(decide(grants, Subject(check.user_id, row.customer_id), owner), grants)


def check_access(uow: UsersRolesUnitOfWork, check: Check) -> Answer:
    """A read-only use case of its own (a POST only for its body), so without a transaction: one round trip."""
    with uow.without_transaction():
        return _decide(check, uow.subjects.get(check.user_id, check.owner_customer_id))


def explain(answer: Answer) -> dict:
    decision = answer.decision
    return {
        "role": decision.role,
        "level": decision.access_level.name,
        "reason": decision.reason,
        "grants": [{"role_id": str(g.role_id), "role": g.role_name, "level": g.level.name} for g in answer.grants],
    }


def permissions_of(uow: UsersRolesUnitOfWork, access: Access, user_id: uuid.UUID) -> list[dict]:
    """Effective permissions: the highest level per resource x action over the user's roles. One
    read (the user with its roles' permissions), which also says whether the caller may see them."""
    with uow:
        row = uow.subjects.get(user_id)
    if row is None or row.kind != "customer_user":
        raise NotFound(f"Customer user {user_id} does not exist.")
    check_user(access, "VIEW", row.customer_id, user_id)
    return effective_permissions(row.roles)
