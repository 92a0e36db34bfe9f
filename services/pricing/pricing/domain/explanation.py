"""?explain=true on /prices/resolve (OroCommerce's "Price Calculation Details" as an API): for one
item, every list the chain considered, in order, with what it contributed or why it did not, and
the combined tiers of the item's unit and currency."""
from __future__ import annotations

from dataclasses import dataclass

from .chain import Considered, Link
from .resolution import Item
from .strategies import Combination, ListedPrice, Tier, combine, list_outcome


@dataclass(frozen=True)
class Step:
    """One list of the chain: its outcome for the sku (contributed, or why not: inactive,
    outside_window, fallback_stop, already_in_chain, no_prices, blocked_by_merge_stop,
    sku_already_priced, tier_already_present, not_the_minimum), and each of its prices in the
    item's unit and currency with what became of it."""
    link: Link
    outcome: str
    prices: list[tuple[ListedPrice, str]]


@dataclass(frozen=True)
class Explanation:
    strategy: str
    steps: list[Step]
    combined: list[Tier]  # the item's unit and currency, by quantity
    applied: Tier | None  # the tier that prices the item


def explain(strategy: str, considered: list[Considered], currency: str, item: Item,
            sku_prices: list[ListedPrice]) -> Explanation:
    chain = [c.link for c in considered if c.passed_over is None]
    combination = combine(strategy, chain, sku_prices)
    steps = [_step(c, sku_prices, combination, item.unit, currency) for c in considered]
    combined = sorted((t for (unit, cur, _), t in combination.tiers.items() if (unit, cur) == (item.unit, currency)),
                      key=lambda t: t.price.quantity)
    return Explanation(strategy, steps, combined, combination.price_at(item.unit, currency, item.quantity))


def _step(considered: Considered, sku_prices: list[ListedPrice], combination: Combination, unit: str,
          currency: str) -> Step:
    own = [p for p in sku_prices if p.price_list_id == considered.link.price_list_id]
    shown = sorted((p for p in own if (p.unit, p.currency) == (unit, currency)), key=lambda p: p.quantity)
    if considered.passed_over is not None:
        return Step(considered.link, considered.passed_over, [(p, considered.passed_over) for p in shown])
    return Step(considered.link, list_outcome(own, combination.outcomes),
                [(p, combination.outcomes[p]) for p in shown])
