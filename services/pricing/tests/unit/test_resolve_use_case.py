"""Resolving a customer's prices against the fake unit of work: the chain comes from its
assignments and fallbacks, then each item's price. (The rules: test_chain.py, test_resolution.py.)"""
from __future__ import annotations

import uuid
from decimal import Decimal as D

import pytest
from b2b_shared.errors import NotFound
from pricing.domain.assignments import PriceListAssignment, PriceListFallback
from pricing.domain.price_lists import PriceList
from pricing.domain.resolution import Item
from pricing.domain.strategies import MERGE_BY_PRIORITY, MINIMAL_PRICES
from pricing.services.resolve import explain_prices, resolve_prices

CUSTOMER, GROUP = uuid.uuid4(), uuid.uuid4()


def price_list(uow, level, target_id, value, priority=0, **fields) -> uuid.UUID:
    listed = uow.given(PriceList(id=uuid.uuid4(), name=level, currencies=["EUR"], **{"active": True, **fields}))
    uow.given(PriceListAssignment(id=uuid.uuid4(), price_list_id=listed.id, level=level, target_id=target_id,
                                  priority=priority, merge_allowed=True))
    uow.prices.upsert(listed.id, [{"sku": "S", "unit": "item", "currency": "EUR", "quantity": D(1), "value": D(value)}])
    return listed.id


@pytest.fixture(autouse=True)
def known(uow) -> None:
    uow.customers.tell(CUSTOMER)


def resolve_one(uow, access, customer_id=CUSTOMER):
    [resolved] = resolve_prices(uow, access, customer_id, "EUR", [Item("S", "item", D(1))], MERGE_BY_PRIORITY)
    return resolved


def test_the_customers_own_list_beats_its_groups_and_the_default_and_nothing_is_written(uow, admin):
    uow.customers.tell(CUSTOMER, group_id=GROUP)
    price_list(uow, "default", None, "12")
    price_list(uow, "customer_group", GROUP, "11")
    own = price_list(uow, "customer", CUSTOMER, "10")
    resolved = resolve_one(uow, admin)
    assert (resolved.price, resolved.price_list_id, resolved.level) == (D("10"), own, "customer")
    assert not uow.in_transaction and uow.commits == 0


def test_a_group_that_uses_its_own_level_only_gets_no_default_price(uow, admin):
    uow.customers.tell(CUSTOMER, group_id=GROUP)
    price_list(uow, "default", None, "12")
    uow.given(PriceListFallback(id=uuid.uuid4(), level="customer_group", target_id=GROUP, fallback="this_level_only"))
    assert resolve_one(uow, admin).price is None


def test_an_inactive_list_is_passed_over(uow, admin):
    price_list(uow, "customer", CUSTOMER, "10", active=False)
    default = price_list(uow, "default", None, "12")
    assert resolve_one(uow, admin).price_list_id == default


def test_a_customer_pricing_does_not_know_is_not_found(uow, admin):
    price_list(uow, "default", None, "12")
    with pytest.raises(NotFound):
        resolve_one(uow, admin, uuid.uuid4())


def test_a_foreign_or_deleted_customer_is_not_found(uow, rep):
    with pytest.raises(NotFound):
        resolve_one(uow, rep(uuid.uuid4(), action="VIEW"))
    uow.customers.tell(CUSTOMER, deleted=True)
    with pytest.raises(NotFound):
        resolve_one(uow, rep(CUSTOMER, action="VIEW"))


@pytest.mark.parametrize("strategy", [MERGE_BY_PRIORITY, MINIMAL_PRICES])
def test_explaining_answers_the_same_prices_and_says_why_of_every_list(uow, admin, strategy):
    uow.customers.tell(CUSTOMER, group_id=GROUP)
    own = price_list(uow, "customer", CUSTOMER, "10")
    off = price_list(uow, "customer", CUSTOMER, "1", priority=1, active=False)
    group = price_list(uow, "customer_group", GROUP, "9")
    uow.prices.upsert(group, [{"sku": "S", "unit": "item", "currency": "EUR", "quantity": D(5), "value": D(8)}])
    items = [Item("S", "item", D(1)), Item("S", "item", D(5))]
    [one, five], [why_one, _] = explain_prices(uow, admin, CUSTOMER, "EUR", items, strategy)
    assert [one, five] == resolve_prices(uow, admin, CUSTOMER, "EUR", items, strategy)
    steps = {step.link.price_list_id: step for step in why_one.steps}
    assert steps[off].outcome == "inactive"
    assert steps[own].outcome == ("contributed" if strategy == MERGE_BY_PRIORITY else "not_the_minimum")
    group_fates = [outcome for _, outcome in steps[group].prices]
    assert group_fates == (["tier_already_present", "contributed"] if strategy == MERGE_BY_PRIORITY
                           else ["contributed", "contributed"])
    assert [(t.price.quantity, t.link.price_list_id) for t in why_one.combined] == [
        (D(1), own if strategy == MERGE_BY_PRIORITY else group), (D(5), group)]
