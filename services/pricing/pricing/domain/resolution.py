"""Which price each requested item gets from a chain of price lists: the sku's prices combined
along the chain by the deployment's strategy (domain/strategies.py), then the combined tier
with the largest quantity not above the requested one, for its unit and the currency."""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from .chain import Link
from .strategies import ListedPrice, combine


@dataclass(frozen=True)
class Item:
    sku: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class Offer:
    """The tier that prices one item, and the list it came from."""
    price_list_id: uuid.UUID
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
    def deciding(self, strategy: str, chain: list[Link], currency: str, items: list[Item]) -> dict[int, Offer]:
        """Each priced item's offer, by the item's index; an item without a price is left out.
        The SQL source computes it in the database; the rule is price_items below."""


def resolve(strategy: str, chain: list[Link], currency: str, items: list[Item], source: PriceSource) -> list[Resolved]:
    if not chain:
        return [Resolved(item) for item in items]
    offers = source.deciding(strategy, chain, currency, items)
    return priced(chain, items, offers)


def priced(chain: list[Link], items: list[Item], offers: Mapping[int, Offer]) -> list[Resolved]:
    """The items with their offers, each saying the level its list holds in the chain."""
    levels = {link.price_list_id: link.level for link in chain}  # a list is in the chain once
    return [Resolved(item, offer.value, offer.tier, offer.price_list_id, levels[offer.price_list_id])
            if (offer := offers.get(index)) else Resolved(item) for index, item in enumerate(items)]


def price_items(strategy: str, chain: list[Link], currency: str, items: list[Item],
                prices_by_sku: Mapping[str, list[ListedPrice]]) -> dict[int, Offer]:
    """The rule itself, over every price of the items' skus in the chain's lists."""
    combinations = {sku: combine(strategy, chain, prices_by_sku.get(sku, ())) for sku in {i.sku for i in items}}
    offers = {}
    for index, item in enumerate(items):
        tier = combinations[item.sku].price_at(item.unit, currency, item.quantity)
        if tier is not None:
            offers[index] = Offer(tier.price.price_list_id, tier.price.quantity, tier.price.value)
    return offers
