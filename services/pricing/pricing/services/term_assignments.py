"""Assignments of a payment term or a tax code to a customer or a customer group, one per target.
Each takes the caller's Access: a customer-level one is its customer's (services/targets.py)."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort
from b2b_shared.db.versioned import check_version
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..messaging.published import SERIALIZERS
from .lookup import existing, referenced
from .targets import check_new_target, record_check
from .terms import Kind


def assign(uow: PricingUnitOfWork, access: Access, kind: Kind, data: dict):
    check_new_target(access, data)
    with uow:
        referenced(kind.resources(uow), data[kind.reference], kind.reference)
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

