"""How the prices of a chain of lists combine into one set per sku (OroCommerce's price list
combination strategies), chosen per deployment (PRICING_STRATEGY):

merge_by_priority (the default): walk the chain in order, building one set of prices keyed by
(unit, currency, tier quantity), per sku.
- The first list with the sku contributes all its prices for it.
- A later list with merge_allowed true contributes each price whose key is not in the set yet,
  unless the sku's prices came from a list with merge_allowed false (that blocks the sku).
- A list with merge_allowed false contributes its prices for the sku only if the set has no price
  of the sku at all yet (in any unit or currency); then it blocks every later list for that sku.
  If the sku already has prices, it contributes nothing for it (and blocks nothing).

minimal_prices (OroCommerce's own default): for each key, the lowest value among all lists of the
chain (the earliest list on a tie); merge_allowed plays no part.

Either way a quantity is then priced by the combined tier with the largest quantity not above it,
for its unit and currency (none below the lowest tier): so one tier may come from another list
than the next. adapters/price_source.py computes the same in SQL; the tests hold the two together.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from .chain import Link

MERGE_BY_PRIORITY = "merge_by_priority"
MINIMAL_PRICES = "minimal_prices"
STRATEGIES = (MERGE_BY_PRIORITY, MINIMAL_PRICES)

# What became of a list's price (and of a list, for the sku) in the combination:
CONTRIBUTED = "contributed"
TIER_ALREADY_PRESENT = "tier_already_present"  # an earlier list holds this key (merge_by_priority)
BLOCKED_BY_MERGE_STOP = "blocked_by_merge_stop"  # an earlier list without merging gave the sku its prices
SKU_ALREADY_PRICED = "sku_already_priced"  # this list does not merge, and the sku has prices already
NOT_THE_MINIMUM = "not_the_minimum"  # another list has a lower value for this key (minimal_prices)
NO_PRICES = "no_prices"  # the list has no price of the sku (a list's outcome only)


@dataclass(frozen=True)
class ListedPrice:
    """One price of one list, for the sku being combined."""
    price_list_id: uuid.UUID
    unit: str
    currency: str
    quantity: Decimal
    value: Decimal

    @property
    def key(self) -> tuple[str, str, Decimal]:
        return self.unit, self.currency, self.quantity


@dataclass(frozen=True)
class Tier:
    """A price of the combined set and the link of the chain it came from."""
    price: ListedPrice
    link: Link


@dataclass
class Combination:
    tiers: dict[tuple[str, str, Decimal], Tier] = field(default_factory=dict)
    outcomes: dict[ListedPrice, str] = field(default_factory=dict)  # each price's fate

    def price_at(self, unit: str, currency: str, quantity: Decimal) -> Tier | None:
        """The tier with the largest quantity not above `quantity`, for this unit and currency."""
        fitting = [t for (u, c, q), t in self.tiers.items() if u == unit and c == currency and q <= quantity]
        return max(fitting, key=lambda t: t.price.quantity, default=None)


def combine(strategy: str, chain: list[Link], prices: Iterable[ListedPrice]) -> Combination:
    """One sku's prices (every unit and currency, from lists of the chain) combined along the chain.
    A list must appear once in the chain (domain/chain.py counts a list at its first level only)."""
    by_list: dict[uuid.UUID, list[ListedPrice]] = {}
    for price in prices:
        by_list.setdefault(price.price_list_id, []).append(price)
    if strategy == MINIMAL_PRICES:
        return _minimal(chain, by_list)
    return _merge_by_priority(chain, by_list)


def _merge_by_priority(chain: list[Link], by_list: dict) -> Combination:
    combined, blocked = Combination(), False
    for link in chain:
        own = by_list.get(link.price_list_id, ())
        if blocked or (own and not link.merge_allowed and combined.tiers):
            fate = BLOCKED_BY_MERGE_STOP if blocked else SKU_ALREADY_PRICED
            combined.outcomes.update({price: fate for price in own})
            continue
        for price in own:
            present = price.key in combined.tiers
            combined.outcomes[price] = TIER_ALREADY_PRESENT if present else CONTRIBUTED
            if not present:
                combined.tiers[price.key] = Tier(price, link)
        blocked = bool(own) and not link.merge_allowed
    return combined


def _minimal(chain: list[Link], by_list: dict) -> Combination:
    combined = Combination()
    for link in chain:  # in chain order, so that on a tie the earlier list keeps the key
        for price in by_list.get(link.price_list_id, ()):
            held = combined.tiers.get(price.key)
            if held is None or price.value < held.price.value:
                if held is not None:
                    combined.outcomes[held.price] = NOT_THE_MINIMUM
                combined.tiers[price.key] = Tier(price, link)
                combined.outcomes[price] = CONTRIBUTED
            else:
                combined.outcomes[price] = NOT_THE_MINIMUM
    return combined


def list_outcome(prices: list[ListedPrice], outcomes: dict[ListedPrice, str]) -> str:
    """A list's outcome for the sku: contributed if any of its prices did, else why none did."""
    fates = {outcomes[price] for price in prices}
    if not fates:
        return NO_PRICES
    return CONTRIBUTED if CONTRIBUTED in fates else sorted(fates)[0]
