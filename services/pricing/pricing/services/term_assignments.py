"""Assignments of a payment term or a tax code to a customer or a customer group, one per target.
Each takes the caller's Access: a customer-level one is its customer's (services/targets.py)."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import ValidationFailed
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..messaging.published import SERIALIZERS
from .lookup import all_at_once, existing, referenced
from .references import check_target_exists
from .targets import check_new_target, record_check
from .terms import Kind


def _check_level(kind: Kind, level: str) -> None:
    if level not in kind.levels:  # a customer's tax code is the customer's own field (services/terms.py)
        raise ValidationFailed({"level": [
            "A customer's tax code is its `tax_code` field in the customers service (PATCH /api/v1/customers/{id}); "
            "tax codes are assigned here to customer groups only."]})


def assign(uow: PricingUnitOfWork, access: Access, kind: Kind, data: dict):
    _check_level(kind, data["level"])
    check_new_target(access, data)
    with uow:
        all_at_once(lambda: referenced(kind.resources(uow), data[kind.reference], kind.reference),
                    lambda: check_target_exists(uow, data["level"], data["target_id"]))
        assignment = kind.assignment.create(**data)
        kind.assignments(uow).add(assignment)
        uow.commit()
        return assignment


def read_assignment(uow: PricingUnitOfWork, access: Access, kind: Kind, assignment_id: uuid.UUID):
    with uow:
        return existing(kind.assignments(uow), assignment_id, authorize=record_check(access))


def reassign(uow: PricingUnitOfWork, access: Access, kind: Kind, assignment_id: uuid.UUID, changes: dict,
             expected: int | None):
    """Point the assignment at another term or code; its target stays."""
    with uow:
        assignment = existing(kind.assignments(uow), assignment_id, for_update=True, authorize=record_check(access))
        check_version(assignment.version, expected)
        _check_level(kind, assignment.level)  # one made before customers held their tax code may only go
        if kind.reference in changes:
            referenced(kind.resources(uow), changes[kind.reference], kind.reference)
        assignment.update(**changes)
        uow.commit()
        return assignment


def unassign(uow: PricingUnitOfWork, access: Access, kind: Kind, assignment_id: uuid.UUID, expected: int | None):
    with uow:
        assignment = existing(kind.assignments(uow), assignment_id, for_update=True, authorize=record_check(access))
        check_version(assignment.version, expected)
        assignment.mark_deleted(SERIALIZERS[kind.assignment](assignment))
        kind.assignments(uow).delete(assignment)
        uow.commit()


def list_assignments(uow: PricingUnitOfWork, access: Access, kind: Kind, filters: dict, sort: Sort, limit: int,
                     cursor: str | None):
    """Those the caller reaches, by level and target_id when given."""
    with uow:
        return kind.assignments(uow).page(filters, access, sort, limit, cursor)

