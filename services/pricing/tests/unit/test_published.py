"""The published event data (messaging/published.py) is the resource exactly as a GET shows it
(api/*schemas.py), byte for byte, though the two are declared apart."""
from __future__ import annotations

import ast
import datetime as dt
import json
import uuid
from decimal import Decimal as D
from pathlib import Path

import pytest
from pricing.api.balance_schemas import AccountSchema, EntrySchema
from pricing.api.schemas import AssignmentSchema, BulkResultSchema, FallbackSchema, PriceListSchema
from pricing.api.terms_schemas import (
    PaymentTermAssignmentSchema,
    PaymentTermSchema,
    TaxCodeAssignmentSchema,
    TaxCodeSchema,
)
from pricing.domain import events
from pricing.domain.assignments import PriceListAssignment, PriceListFallback
from pricing.domain.balances import BalanceAccount
from pricing.domain.price_lists import PriceList
from pricing.domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment
from pricing.messaging import published

NOW = dt.datetime(2026, 11, 23, 3, 39, 2, 123456, tzinfo=dt.timezone.utc)
API = Path(__file__).resolve().parents[2] / "pricing" / "api"


def _stamped(resource, **extra):
    for name, value in {"version": 3, "created_at": NOW, "updated_at": NOW + dt.timedelta(seconds=1), **extra}.items():
        setattr(resource, name, value)
    return resource


def full_price_list():
    return _stamped(PriceList(id=uuid.uuid4(), name="Retail", currencies=["EUR", "USD"], active=True,
                              active_from=NOW, active_to=NOW + dt.timedelta(days=30)))


def sparse_price_list():
    return _stamped(PriceList(id=uuid.uuid4(), name="Retail", currencies=["EUR"], active=False, active_from=None,
                              active_to=None))


def customer_assignment():
    return _stamped(PriceListAssignment(id=uuid.uuid4(), price_list_id=uuid.uuid4(), level="customer",
                                        target_id=uuid.uuid4(), priority=-5, merge_allowed=False))


def default_assignment():
    return _stamped(PriceListAssignment(id=uuid.uuid4(), price_list_id=uuid.uuid4(), level="default", target_id=None,
                                        priority=0, merge_allowed=True))


def fallback():
    return _stamped(PriceListFallback(id=uuid.uuid4(), level="customer_group", target_id=uuid.uuid4(),
                                      fallback="this_level_only"))


def payment_term():
    return _stamped(PaymentTerm(id=uuid.uuid4(), label="Due on receipt", net_days=0))


def tax_code():
    return _stamped(TaxCode(id=uuid.uuid4(), code="EXEMPT", description=None))


def payment_term_assignment():
    return _stamped(PaymentTermAssignment(id=uuid.uuid4(), payment_term_id=uuid.uuid4(), level="customer",
                                          target_id=uuid.uuid4()))


def tax_code_assignment():
    return _stamped(TaxCodeAssignment(id=uuid.uuid4(), tax_code_id=uuid.uuid4(), level="customer_group",
                                      target_id=uuid.uuid4()))


CASES = [(full_price_list, PriceListSchema, published.price_list_data),
         (sparse_price_list, PriceListSchema, published.price_list_data),
         (customer_assignment, AssignmentSchema, published.price_list_assignment_data),
         (default_assignment, AssignmentSchema, published.price_list_assignment_data),
         (fallback, FallbackSchema, published.fallback_data),
         (payment_term, PaymentTermSchema, published.payment_term_data),
         (tax_code, TaxCodeSchema, published.tax_code_data),
         (payment_term_assignment, PaymentTermAssignmentSchema, published.payment_term_assignment_data),
         (tax_code_assignment, TaxCodeAssignmentSchema, published.tax_code_assignment_data)]


@pytest.mark.parametrize("make, http_schema, event_data", CASES, ids=lambda case: getattr(case, "__name__", ""))
def test_event_data_is_the_resource_as_a_get_shows_it_byte_for_byte(make, http_schema, event_data):
    resource = make()
    assert json.dumps(event_data(resource)) == json.dumps(http_schema().dump(resource))


def account(ledger="on_account", currency="EUR"):
    return _stamped(BalanceAccount(id=uuid.uuid4(), customer_id=uuid.uuid4(), ledger=ledger, currency=currency,
                                   balance=D("-12.30"), credit_limit=D("1E+2")))


@pytest.mark.parametrize("ledger, currency", [("on_account", "EUR"), ("loyalty_points", None)])
def test_balance_changed_is_the_account_as_a_get_shows_it_with_no_entry_for_a_new_limit(ledger, currency):
    acc = account(ledger, currency)
    assert json.dumps(published.account_data(acc)) == json.dumps({**AccountSchema().dump(acc), "entry": None})


def test_a_postings_balance_changed_carries_its_entry_as_a_get_shows_it():
    acc = account()
    entry = acc.post(D("-0.70"), "EUR", published.entry_data, description=None, reference="INV-1",
                     idempotency_key="k", fingerprint="f")
    [event] = acc.pop_events()
    assert event.type == events.BALANCE_CHANGED
    data = {**published.account_data(acc), **event.payload}
    assert json.dumps(data) == json.dumps({**AccountSchema().dump(acc), "entry": EntrySchema().dump(entry)})


def test_prices_changed_is_the_bulk_answer_with_its_price_list():
    price_list = full_price_list()
    counts = {"received": 3, "created": 1, "updated": 1, "unchanged": 1, "deleted": 0}
    price_list.record_prices_changed(counts)
    [event] = price_list.pop_events()
    assert event.snapshot == {"price_list_id": str(price_list.id), **BulkResultSchema().dump(counts)}


def test_every_published_aggregate_has_a_serializer():
    assert set(published.SERIALIZERS) == {PriceList, PriceListAssignment, PriceListFallback, PaymentTerm,
                                          PaymentTermAssignment, TaxCode, TaxCodeAssignment, BalanceAccount}


def test_the_http_layer_does_not_import_the_event_contract():
    """So that changing a response cannot change an event: this test, not an import, holds them together."""
    imported = {node.module for path in API.glob("*.py") for node in ast.walk(ast.parse(path.read_text()))
                if isinstance(node, ast.ImportFrom) and node.module}
    assert not any("messaging" in module for module in imported)
