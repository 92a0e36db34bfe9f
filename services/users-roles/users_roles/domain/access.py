"""Does an access level reach a record? Pure: the caller supplies the owner's lineage.

Never upward, never sideways: CORPORATE reaches the user's customer and its descendants only,
which is "the user's customer is in the owner customer's lineage (root..owner)".
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from .permissions import Grant, Level, best


@dataclass(frozen=True)
class Subject:
    user_id: uuid.UUID
    customer_id: uuid.UUID


@dataclass(frozen=True)
class Owner:
    customer_id: uuid.UUID | None
    user_id: uuid.UUID | None
    lineage: tuple[uuid.UUID, ...] = ()  # the owner customer's ancestors and itself, root first


@dataclass(frozen=True)
class Decision:
    allowed: bool
    access_level: Level
    role: str | None
    reason: str


def reaches(level: Level, subject: Subject, owner: Owner) -> bool:
    own = owner.user_id is not None and owner.user_id == subject.user_id
    if level == Level.USER:
        return own
    if level == Level.DEPARTMENT:
        return own or owner.customer_id == subject.customer_id
    if level == Level.CORPORATE:
        return own or owner.customer_id == subject.customer_id or subject.customer_id in owner.lineage
    return False


def decide(grants: list[Grant], subject: Subject, owner: Owner) -> Decision:
    """Levels nest (USER within DEPARTMENT within CORPORATE), so the highest grant decides."""
    top = best(grants)
    if top is None or top.level == Level.NONE:
        return Decision(False, Level.NONE, None, "No role of the user grants this action.")
    allowed = reaches(top.level, subject, owner)
    scope = {Level.USER: "the user's own records",
             Level.DEPARTMENT: "records of the user's customer",
             Level.CORPORATE: "records of the user's customer and its descendants"}[top.level]
    verdict = "is within" if allowed else "is outside"
    return Decision(allowed, top.level, top.role_name,
                    f"Role {top.role_name} grants {top.level.name} ({scope}); the record {verdict} it.")
