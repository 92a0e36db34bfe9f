"""Unit-test fixtures: an in-memory price source that answers as adapters/price_source.py does.

(pytest runs with --import-mode=importlib, so fakes are handed to tests as fixtures, not imported.)
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from pricing.domain.resolution import Item, Offer


@dataclass(frozen=True)
class Row:
    price_list_id: uuid.UUID
    sku: str
    quantity: Decimal
    value: Decimal
    unit: str = "item"
    currency: str = "EUR"


class FakePriceSource:
    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.queries = 0

    def deciding(self, chain, currency, items: list[Item]):
        """Everything: every list's best fitting tier per item, every non-merging list's skus."""
        self.queries += 1
        offers = {}
        for index, item in enumerate(items):
            for link in chain:
                tiers = [r for r in self.rows if (r.price_list_id, r.sku, r.unit, r.currency) ==
                         (link.price_list_id, item.sku, item.unit, currency) and r.quantity <= item.quantity]
                if tiers:
                    best = max(tiers, key=lambda r: r.quantity)
                    offers[(index, link.price_list_id)] = Offer(best.quantity, best.value)
        stoppers = {link.price_list_id for link in chain if not link.merge_allowed}
        return offers, {(r.price_list_id, r.sku) for r in self.rows if r.price_list_id in stoppers}


@pytest.fixture
def source_of():
    """source_of(rows) where each row is (list id, sku, quantity, value[, unit[, currency]])."""
    def make(*rows) -> FakePriceSource:
        return FakePriceSource([Row(r[0], r[1], Decimal(r[2]), Decimal(r[3]), *r[4:]) for r in rows])
    return make
