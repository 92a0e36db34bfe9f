"""POST /prices/resolve: the customer's chain of lists, then every item's price, set-based; with
?explain=true, also how each item's price came about (domain/explanation.py)."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import utcnow
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.chain import Considered, build_chain, consider_chain
from ..domain.explanation import Explanation, explain
from ..domain.resolution import Item, Resolved, price_items, priced, resolve


def resolve_prices(uow: PricingUnitOfWork, access: Access, customer_id: uuid.UUID, currency: str,
                   items: list[Item], strategy: str) -> list[Resolved]:
    """Two statements: the context, then every item's price (a customer unknown here is 404)."""
    access.check(customer_id)  # a foreign customer is 404, as an unknown one would be
    with uow.without_transaction():  # two reads: resolve's budget (a few ms) has no room for BEGIN and ROLLBACK
        context = uow.price_source.context(customer_id)
        chain = build_chain(*context, utcnow())
        return resolve(strategy, chain, currency, items, uow.price_source)


def explain_prices(uow: PricingUnitOfWork, access: Access, customer_id: uuid.UUID, currency: str,
                   items: list[Item], strategy: str) -> tuple[list[Resolved], list[Explanation]]:
    """The same prices, computed in Python from every price of the items' skus in the chain, with
    the explanation of each (the SQL of resolve_prices answers the same: the tests compare)."""
    access.check(customer_id)
    with uow.without_transaction():
        considered = consider_chain(*uow.price_source.context(customer_id), utcnow())
        chain = [c.link for c in considered if c.passed_over is None]
        prices = uow.price_source.sku_prices(chain, [item.sku for item in items]) if chain else {}
        resolved = priced(chain, items, price_items(strategy, chain, currency, items, prices))
        explanations = [explain(strategy, considered, currency, item, prices.get(item.sku, [])) for item in items]
        return resolved, explanations


def price_list_chain(uow: PricingUnitOfWork, access: Access, customer_id: uuid.UUID) -> list[Considered]:
    """The lists resolution considers for the customer now, in its order (its own, its parents' as
    its fallback says, its group's, the default's), each with why it is passed over, if it is."""
    access.check(customer_id)
    with uow.without_transaction():  # one read
        return consider_chain(*uow.price_source.context(customer_id), utcnow())
