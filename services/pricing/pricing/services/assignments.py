"""Price list assignments. Each takes the caller's Access: a customer-level one is its
customer's (services/targets.py)."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort
from b2b_shared.db.versioned import check_version
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.assignments import PriceListAssignment
from ..messaging.published import price_list_assignment_data
from .lookup import all_at_once, existing, referenced
from .references import check_target_exists
from .targets import check_new_target, record_check


def create_assignment(uow: PricingUnitOfWork, access: Access, data: dict) -> PriceListAssignment:
    check_new_target(access, data)
    with uow:
        all_at_once(lambda: referenced(uow.price_lists, data["price_list_id"], "price_list_id"),
                    lambda: check_target_exists(uow, data["level"], data.get("target_id")))
        assignment = PriceListAssignment.create(**data)
        uow.price_list_assignments.add(assignment)
        uow.commit()
        return assignment


def read_assignment(uow: PricingUnitOfWork, access: Access, assignment_id: uuid.UUID) -> PriceListAssignment:
    with uow:
        return existing(uow.price_list_assignments, assignment_id, authorize=record_check(access))


def update_assignment(uow: PricingUnitOfWork, access: Access, assignment_id: uuid.UUID, changes: dict,
                      expected: int | None) -> PriceListAssignment:
    """Its priority or merge_allowed: the list and the target stay."""
    with uow:
        assignment = existing(uow.price_list_assignments, assignment_id, for_update=True,
                              authorize=record_check(access))
        check_version(assignment.version, expected)
        assignment.update(**changes)
        uow.commit()
        return assignment


def delete_assignment(uow: PricingUnitOfWork, access: Access, assignment_id: uuid.UUID, expected: int | None):
    with uow:
        assignment = existing(uow.price_list_assignments, assignment_id, for_update=True,
                              authorize=record_check(access))
        check_version(assignment.version, expected)
        assignment.mark_deleted(price_list_assignment_data(assignment))
        uow.price_list_assignments.delete(assignment)
        uow.commit()


def list_assignments(uow: PricingUnitOfWork, access: Access, filters: dict, sort: Sort, limit: int,
                     cursor: str | None):
    """Those the caller reaches, by price_list_id, level and target_id when given."""
    with uow:
        return uow.price_list_assignments.page(filters, access, sort, limit, cursor)
