"""The events the pricing domain records, by name. Their data is the resource as it now is
(messaging/published.py renders it); the names are our contract with other teams (asyncapi.yaml)."""
from __future__ import annotations

from dataclasses import dataclass

PRICE_LIST_CREATED = "price_list.created"
PRICE_LIST_UPDATED = "price_list.updated"
PRICE_LIST_DELETED = "price_list.deleted"
PRICES_CHANGED = "price_list.prices_changed"  # one per bulk request; its data is the counts, not the list

PRICE_LIST_ASSIGNMENT_CREATED = "price_list_assignment.created"
PRICE_LIST_ASSIGNMENT_UPDATED = "price_list_assignment.updated"
PRICE_LIST_ASSIGNMENT_DELETED = "price_list_assignment.deleted"
FALLBACK_UPDATED = "price_list_fallback.updated"  # also when first set: a fallback is never created or deleted

PAYMENT_TERM_CREATED = "payment_term.created"
PAYMENT_TERM_UPDATED = "payment_term.updated"
PAYMENT_TERM_DELETED = "payment_term.deleted"

PAYMENT_TERM_ASSIGNMENT_CREATED = "payment_term_assignment.created"
PAYMENT_TERM_ASSIGNMENT_UPDATED = "payment_term_assignment.updated"
PAYMENT_TERM_ASSIGNMENT_DELETED = "payment_term_assignment.deleted"

TAX_CODE_CREATED = "tax_code.created"
TAX_CODE_UPDATED = "tax_code.updated"
TAX_CODE_DELETED = "tax_code.deleted"

TAX_CODE_ASSIGNMENT_CREATED = "tax_code_assignment.created"
TAX_CODE_ASSIGNMENT_UPDATED = "tax_code_assignment.updated"
TAX_CODE_ASSIGNMENT_DELETED = "tax_code_assignment.deleted"

BALANCE_CHANGED = "balance.changed"  # payload: entry, the posting that moved it (none for a new credit limit)


@dataclass(frozen=True)
class Lifecycle:
    """The events of a resource that is created, changed and deleted (domain/resource.py)."""

    created: str
    updated: str
    deleted: str


PRICE_LIST_EVENTS = Lifecycle(PRICE_LIST_CREATED, PRICE_LIST_UPDATED, PRICE_LIST_DELETED)
PRICE_LIST_ASSIGNMENT_EVENTS = Lifecycle(PRICE_LIST_ASSIGNMENT_CREATED, PRICE_LIST_ASSIGNMENT_UPDATED,
                                         PRICE_LIST_ASSIGNMENT_DELETED)
PAYMENT_TERM_EVENTS = Lifecycle(PAYMENT_TERM_CREATED, PAYMENT_TERM_UPDATED, PAYMENT_TERM_DELETED)
PAYMENT_TERM_ASSIGNMENT_EVENTS = Lifecycle(PAYMENT_TERM_ASSIGNMENT_CREATED, PAYMENT_TERM_ASSIGNMENT_UPDATED,
                                           PAYMENT_TERM_ASSIGNMENT_DELETED)
TAX_CODE_EVENTS = Lifecycle(TAX_CODE_CREATED, TAX_CODE_UPDATED, TAX_CODE_DELETED)
TAX_CODE_ASSIGNMENT_EVENTS = Lifecycle(TAX_CODE_ASSIGNMENT_CREATED, TAX_CODE_ASSIGNMENT_UPDATED,
                                       TAX_CODE_ASSIGNMENT_DELETED)
