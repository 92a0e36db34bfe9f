"""Payment terms and tax codes: one set of use cases serves both (a Kind says which), for the
resources and the effective one. Their assignments are services/term_assignments.py."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from b2b_shared.db.paging import Sort
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Conflict
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.anchors import effective
from ..domain.levels import CUSTOMER, CUSTOMER_GROUP
from ..domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment
from ..messaging.published import SERIALIZERS
from .lookup import existing


@dataclass(frozen=True)
class Kind:
    name: str  # payment_term or tax_code
    model: type
    assignment: type
    reference: str  # the assignment's field naming the term or code
    resources: Callable  # the unit of work's repository of them
    assignments: Callable  # and of their assignments


PAYMENT_TERM = Kind("payment_term", PaymentTerm, PaymentTermAssignment, "payment_term_id",
                    attrgetter("payment_terms"), attrgetter("payment_term_assignments"))
TAX_CODE = Kind("tax_code", TaxCode, TaxCodeAssignment, "tax_code_id",
                attrgetter("tax_codes"), attrgetter("tax_code_assignments"))


def create(uow: PricingUnitOfWork, kind: Kind, data: dict):
    with uow:
        resource = kind.model.create(**data)
        kind.resources(uow).add(resource)
        uow.commit()
        return resource


def read(uow: PricingUnitOfWork, kind: Kind, resource_id: uuid.UUID):
    with uow:
        return existing(kind.resources(uow), resource_id)


def update(uow: PricingUnitOfWork, kind: Kind, resource_id: uuid.UUID, changes: dict, expected: int | None):
    with uow:
        resource = existing(kind.resources(uow), resource_id, for_update=True)
        check_version(resource.version, expected)
        resource.update(**changes)
        uow.commit()
        return resource


def delete(uow: PricingUnitOfWork, kind: Kind, resource_id: uuid.UUID, expected: int | None) -> None:
    with uow:
        resource = existing(kind.resources(uow), resource_id, for_update=True)
        check_version(resource.version, expected)
        if kind.assignments(uow).is_assigned(resource_id):
            raise Conflict(f"This {kind.name.replace('_', ' ')} is assigned: delete its assignments first.")
        resource.mark_deleted(SERIALIZERS[kind.model](resource))
        kind.resources(uow).delete(resource)
        uow.commit()


def list_all(uow: PricingUnitOfWork, kind: Kind, sort: Sort, limit: int, cursor: str | None):
    with uow:
        return kind.resources(uow).page(sort, limit, cursor)


def effective_for(uow: PricingUnitOfWork, access: Access, kind: Kind, customer_id: uuid.UUID, inherit_parent: bool):
    """(term or code, source): the customer's own, else (option) an ancestor's, else its group's."""
    access.check(customer_id)  # a foreign customer is 404, as an unknown one would be
    with uow:
        anchors = uow.customers.anchors(customer_id, with_ancestors=inherit_parent)
        targets = [(CUSTOMER, c) for c in (anchors.customer_id, *anchors.ancestor_ids)]
        if anchors.group_id:
            targets.append((CUSTOMER_GROUP, anchors.group_id))
        return effective(anchors, kind.assignments(uow).assigned_to(targets), inherit_parent)
