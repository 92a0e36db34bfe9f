"""Who reaches an assignment (price list, payment term, tax code): one at the customer level is
that customer's, so a sales representative reads and writes those of the customers it represents
(404 for another's, as for none); one at the group or default level belongs to no customer: any
staff reads it, only unrestricted callers (administrators, services) write it, as GLOBAL does.
Lists are narrowed the same way by the repositories (adapters/assignments.py, reached_by)."""
from __future__ import annotations

import uuid

from b2b_shared.errors import Forbidden, ValidationFailed
from b2b_shared.http.access import Access

from ..domain.levels import CUSTOMER


def check_target(access: Access, level: str, target_id: uuid.UUID | None, otherwise: Exception | None = None) -> None:
    if level == CUSTOMER:
        access.check(target_id, otherwise=otherwise)
    elif not (access.unrestricted or access.action == "VIEW"):
        raise Forbidden(f"Only back-office administrators may {access.action} at the {level} level.")


def check_new_target(access: Access, data: dict) -> None:
    """For a body naming the target: one out of reach is a field error, as an unknown one is."""
    check_target(access, data["level"], data.get("target_id"),
                 otherwise=ValidationFailed({"target_id": ["No such customer."]}))


def record_check(access: Access):
    """For lookup.existing's `authorize`: the loaded assignment's target decides."""
    return lambda assignment: check_target(access, assignment.level, assignment.target_id)
