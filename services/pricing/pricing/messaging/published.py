"""The events this service publishes: our contract with other teams (see ../../asyncapi.yaml).

Each event's `data` is the resource as a GET returns it after the change, with its `version`
(tests/unit/test_published.py holds the two together). `price_list.prices_changed` is one event
per bulk request with counts, never one per price. `balance.changed` carries the account and,
for a posting, the `entry` that moved it (its payload, domain/balances.py). These schemas are the
contract's own, apart from the HTTP ones: a change to a response must not silently change an event.
"""
from __future__ import annotations

from b2b_shared.messaging.export_pages import READY
from b2b_shared.messaging.import_batches import APPLIED
from marshmallow import Schema, fields

from ..domain import events
from ..domain.assignments import PriceListAssignment, PriceListFallback
from ..domain.balances import BalanceAccount
from ..domain.price_lists import PriceList
from ..domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment

EVENT_TYPES = (
    events.PRICE_LIST_CREATED, events.PRICE_LIST_UPDATED, events.PRICE_LIST_DELETED, events.PRICES_CHANGED,
    events.PRICE_LIST_ASSIGNMENT_CREATED, events.PRICE_LIST_ASSIGNMENT_UPDATED, events.PRICE_LIST_ASSIGNMENT_DELETED,
    events.FALLBACK_UPDATED,
    events.PAYMENT_TERM_CREATED, events.PAYMENT_TERM_UPDATED, events.PAYMENT_TERM_DELETED,
    events.PAYMENT_TERM_ASSIGNMENT_CREATED, events.PAYMENT_TERM_ASSIGNMENT_UPDATED,
    events.PAYMENT_TERM_ASSIGNMENT_DELETED,
    events.TAX_CODE_CREATED, events.TAX_CODE_UPDATED, events.TAX_CODE_DELETED,
    events.TAX_CODE_ASSIGNMENT_CREATED, events.TAX_CODE_ASSIGNMENT_UPDATED, events.TAX_CODE_ASSIGNMENT_DELETED,
    events.BALANCE_CHANGED,
    APPLIED,  # the answer to an import batch (messaging/import_rows.py)
    READY,  # a page of an export job (messaging/export_pages.py)
)


def _money() -> fields.Decimal:
    return fields.Decimal(as_string=True)  # money travels as a decimal string, never a float


class _Resource(Schema):
    id = fields.UUID()
    version = fields.Integer()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class PriceListData(_Resource):
    name = fields.String()
    currencies = fields.List(fields.String())
    active = fields.Boolean()
    active_from = fields.DateTime(allow_none=True)
    active_to = fields.DateTime(allow_none=True)


class PriceListAssignmentData(_Resource):
    price_list_id = fields.UUID()
    level = fields.String()
    target_id = fields.UUID(allow_none=True)
    priority = fields.Integer()
    merge_allowed = fields.Boolean()


class FallbackData(Schema):
    level = fields.String()
    target_id = fields.UUID()
    fallback = fields.String()
    version = fields.Integer()


class PaymentTermData(_Resource):
    label = fields.String()
    net_days = fields.Integer()


class TaxCodeData(_Resource):
    code = fields.String()
    description = fields.String(allow_none=True)


class _TargetData(_Resource):
    level = fields.String()
    target_id = fields.UUID()


class PaymentTermAssignmentData(_TargetData):
    payment_term_id = fields.UUID()


class TaxCodeAssignmentData(_TargetData):
    tax_code_id = fields.UUID()


class AccountData(Schema):
    customer_id = fields.UUID()
    ledger = fields.String()
    currency = fields.String(allow_none=True)
    balance = _money()
    credit_limit = _money()
    available = _money()
    version = fields.Integer()


class EntryData(Schema):
    id = fields.UUID()
    customer_id = fields.UUID()
    ledger = fields.String()
    amount = _money()
    currency = fields.String(allow_none=True)
    balance_after = _money()
    description = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    idempotency_key = fields.String()
    created_at = fields.DateTime()


price_list_data = PriceListData().dump
price_list_assignment_data = PriceListAssignmentData().dump
fallback_data = FallbackData().dump
payment_term_data = PaymentTermData().dump
payment_term_assignment_data = PaymentTermAssignmentData().dump
tax_code_data = TaxCodeData().dump
tax_code_assignment_data = TaxCodeAssignmentData().dump
entry_data = EntryData().dump
_account_data = AccountData().dump


def account_data(account: BalanceAccount) -> dict:
    """The account; `entry` is null unless a posting's event puts the entry there (its payload)."""
    return {**_account_data(account), "entry": None}


SERIALIZERS = {
    PriceList: price_list_data,
    PriceListAssignment: price_list_assignment_data,
    PriceListFallback: fallback_data,
    PaymentTerm: payment_term_data,
    PaymentTermAssignment: payment_term_assignment_data,
    TaxCode: tax_code_data,
    TaxCodeAssignment: tax_code_assignment_data,
    BalanceAccount: account_data,
}
