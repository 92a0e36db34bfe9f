"""Which price each requested item gets from a chain of price lists.

Per item, the lists are tried in chain order; the first list with a tier at or below the
requested quantity gives the price, and its largest such tier applies (tiers are not mixed
across lists). A list with merge_allowed false that has any price for the sku ends the search
for that sku even when it has no matching tier (OroCommerce's "merge allowed" switch).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from .chain import Link


@dataclass(frozen=True)
class Item:
    sku: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class Offer:
    """The best tier one list has for one item."""
    tier: Decimal
    value: Decimal


@dataclass(frozen=True)
class Resolved:
    item: Item
    price: Decimal | None = None
    tier: Decimal | None = None
    price_list_id: uuid.UUID | None = None
    level: str | None = None


class PriceSource(Protocol):
    def deciding(self, chain: list[Link], currency: str, items: list[Item]) -> tuple[dict, set]:
        """(offers, stops): offers maps (item index, list id) to that list's best fitting tier
        for the item; stops holds (list id, sku) of non-merging lists that have the sku. A source
        may return only each item's first deciding list (SQL does) or everything (the fake)."""


def resolve(chain: list[Link], currency: str, items: list[Item], source: PriceSource) -> list[Resolved]:
    if not chain:
        return [Resolved(item) for item in items]
    offers, stops = source.deciding(chain, currency, items)
    return [_resolve_one(index, item, chain, offers, stops) for index, item in enumerate(items)]


def _resolve_one(index: int, item: Item, chain: list[Link], offers: dict, stops: set) -> Resolved:
    for link in chain:
        offer = offers.get((index, link.price_list_id))
        if offer is not None:
            return Resolved(item, offer.value, offer.tier, link.price_list_id, link.level)
        if not link.merge_allowed and (link.price_list_id, item.sku) in stops:
            break
    return Resolved(item)
