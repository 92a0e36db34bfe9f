"""Payment terms and tax codes: one set of use cases serves both (a Kind says which), for the
resources and the effective one. Their assignments are services/term_assignments.py.

One truth for a customer's tax code: the customer record's `tax_code` (customers service, carried
by the customer.* events into the read model). Pricing assigns tax codes to customer groups only;
the effective one is the customer's own, else (its fallback `parent_customer`) its ancestors',
else its group's."""
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
from ..domain.anchors import Anchors, effective, inheritance
from ..domain.levels import CUSTOMER_GROUP, TARGET_LEVELS
from ..domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment
from ..messaging.published import SERIALIZERS
from .lookup import existing


def _no_own(uow: PricingUnitOfWork, anchors: Anchors) -> dict:
    return {}


def _own_tax_codes(uow: PricingUnitOfWork, anchors: Anchors) -> dict[uuid.UUID, TaxCode]:
    """The tax codes the customers carry themselves: the code pricing keeps under that name, or,
    for a code pricing has no record of, the code alone (no id, no description)."""
    known = uow.tax_codes.by_codes(set(anchors.tax_codes.values()))
    return {customer: known.get(code) or TaxCode(code=code) for customer, code in anchors.tax_codes.items()}


@dataclass(frozen=True)
class Kind:
    name: str  # payment_term or tax_code
    model: type
    assignment: type
    reference: str  # the assignment's field naming the term or code
    resources: Callable  # the unit of work's repository of them
    assignments: Callable  # and of their assignments
    levels: tuple[str, ...]  # where it may be assigned
    own: Callable[[PricingUnitOfWork, Anchors], dict]  # what customers carry themselves, by customer


PAYMENT_TERM = Kind("payment_term", PaymentTerm, PaymentTermAssignment, "payment_term_id",
                    attrgetter("payment_terms"), attrgetter("payment_term_assignments"), TARGET_LEVELS, _no_own)
TAX_CODE = Kind("tax_code", TaxCode, TaxCodeAssignment, "tax_code_id",
                attrgetter("tax_codes"), attrgetter("tax_code_assignments"), (CUSTOMER_GROUP,), _own_tax_codes)


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


def effective_for(uow: PricingUnitOfWork, access: Access, kind: Kind, customer_id: uuid.UUID):
    """(term or code, source): the customer's own, else its inherited ancestors' (its fallback
    `parent_customer`), else its group's. A customer unknown here or deleted is 404."""
    access.check(customer_id)  # a foreign customer is 404, as an unknown one would be
    with uow:
        anchors, fallbacks = uow.customers.anchors(customer_id)
        inherited = inheritance(anchors, fallbacks)
        targets = [(level, target) for level in kind.levels
                   for target in ((anchors.group_id,) if level == CUSTOMER_GROUP else
                                  (anchors.customer_id, *inherited.ancestor_ids)) if target is not None]
        return effective(anchors, kind.assignments(uow).assigned_to(targets), inherited, kind.own(uow, anchors))
