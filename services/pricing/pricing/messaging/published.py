"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`.
`price_list.prices_changed` is one event per bulk request with counts, never one per price.
`balance.changed` carries the account and, for a posting, the `entry` that moved it.
"""
from __future__ import annotations

from ..api.balance_schemas import AccountSchema, EntrySchema
from ..api.schemas import AssignmentSchema, FallbackSchema, PriceListSchema
from ..api.terms_schemas import PaymentTermAssignmentSchema, PaymentTermSchema, TaxCodeAssignmentSchema, TaxCodeSchema
from ..domain.balances import BalanceAccount
from ..domain.price_lists import PriceList, PriceListAssignment, PriceListFallback
from ..domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment

EVENT_TYPES = (
    "price_list.created", "price_list.updated", "price_list.deleted", "price_list.prices_changed",
    "price_list_assignment.created", "price_list_assignment.updated", "price_list_assignment.deleted",
    "price_list_fallback.updated",
    "payment_term.created", "payment_term.updated", "payment_term.deleted",
    "payment_term_assignment.created", "payment_term_assignment.updated", "payment_term_assignment.deleted",
    "tax_code.created", "tax_code.updated", "tax_code.deleted",
    "tax_code_assignment.created", "tax_code_assignment.updated", "tax_code_assignment.deleted",
    "balance.changed",
)


def account_data(account: BalanceAccount) -> dict:
    data = AccountSchema().dump(account)
    entry = account.__dict__.get("last_entry")
    data["entry"] = EntrySchema().dump(entry) if entry is not None else None
    return data


SERIALIZERS = {
    PriceList: PriceListSchema().dump,
    PriceListAssignment: AssignmentSchema().dump,
    PriceListFallback: FallbackSchema().dump,
    PaymentTerm: PaymentTermSchema().dump,
    PaymentTermAssignment: PaymentTermAssignmentSchema().dump,
    TaxCode: TaxCodeSchema().dump,
    TaxCodeAssignment: TaxCodeAssignmentSchema().dump,
    BalanceAccount: account_data,
}
