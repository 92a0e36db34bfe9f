"""Payment terms and tax codes: the resources, their assignments, and the effective one."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from b2b_shared.errors import Conflict
from b2b_shared.http.access import Access
from sqlalchemy import exists, select, tuple_

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.anchors import effective
from ..domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment
from . import crud
from .targets import check_new_target, record_check, visible


@dataclass(frozen=True)
class Kind:
    """One of the two assignable things: its model, its assignment model and the reference column."""
    name: str
    model: type
    assignment: type
    reference: str  # the assignment's column naming the term or code

    @property
    def assignment_kind(self) -> str:
        return f"{self.name}_assignment"


PAYMENT_TERM = Kind("payment_term", PaymentTerm, PaymentTermAssignment, "payment_term_id")
TAX_CODE = Kind("tax_code", TaxCode, TaxCodeAssignment, "tax_code_id")


def _not_assigned(kind: Kind):
    def guard(uow: PricingUnitOfWork, resource) -> None:
        column = getattr(kind.assignment, kind.reference)
        if uow.session.scalar(select(exists().where(column == resource.id))):
            raise Conflict(f"This {kind.name.replace('_', ' ')} is assigned: delete its assignments first.")
    return guard


def _referenced_exists(kind: Kind):
    def check(uow: PricingUnitOfWork, data: dict) -> None:
        if kind.reference in data:
            crud.require(uow, kind.model, data[kind.reference], kind.reference)
    return check


def create(uow, kind: Kind, data: dict):
    return crud.create(uow, kind.model, kind.name, data)


def update(uow, kind: Kind, resource_id, changes: dict, expected):
    return crud.update(uow, kind.model, kind.name, resource_id, changes, expected)


def delete(uow, kind: Kind, resource_id, expected) -> None:
    crud.delete(uow, kind.model, kind.name, resource_id, expected, guard=_not_assigned(kind))


# Assignments take the caller's Access: a customer-level one is its customer's (targets.py).
def assign(uow, access: Access, kind: Kind, data: dict):
    check_new_target(access, data)
    return crud.create(uow, kind.assignment, kind.assignment_kind, data, check=_referenced_exists(kind))


def read_assignment(uow, access: Access, kind: Kind, assignment_id):
    return crud.read(uow, kind.assignment, assignment_id, authorize=record_check(access))


def reassign(uow, access: Access, kind: Kind, assignment_id, changes: dict, expected):
    return crud.update(uow, kind.assignment, kind.assignment_kind, assignment_id, changes, expected,
                       check=_referenced_exists(kind), authorize=record_check(access))


def unassign(uow, access: Access, kind: Kind, assignment_id, expected) -> None:
    crud.delete(uow, kind.assignment, kind.assignment_kind, assignment_id, expected, authorize=record_check(access))


def list_assignments(uow, access: Access, kind: Kind, filters: dict, sort, limit: int, cursor):
    stmt = select(kind.assignment).where(visible(access, kind.assignment))
    for name in ("level", "target_id"):
        if filters.get(name) is not None:
            stmt = stmt.where(getattr(kind.assignment, name) == filters[name])
    return crud.page(uow, stmt, sort, kind.assignment.id, limit, cursor)


def effective_for(uow: PricingUnitOfWork, access: Access, kind: Kind, customer_id: uuid.UUID, inherit_parent: bool):
    """(term or code, source): the customer's own, else (option) an ancestor's, else its group's."""
    access.check(customer_id)  # a foreign customer is 404, as an unknown one would be
    with uow:
        anchors = uow.customers.anchors(customer_id, with_ancestors=inherit_parent)
        targets = [("customer", c) for c in (anchors.customer_id, *anchors.ancestor_ids)]
        if anchors.group_id:
            targets.append(("customer_group", anchors.group_id))
        stmt = (select(kind.assignment.level, kind.assignment.target_id, kind.model)
                .join(kind.model, getattr(kind.assignment, kind.reference) == kind.model.id)
                .where(tuple_(kind.assignment.level, kind.assignment.target_id).in_(targets)))
        assigned = {(level, target): resource for level, target, resource in uow.session.execute(stmt)}
        return effective(anchors, assigned, inherit_parent)
