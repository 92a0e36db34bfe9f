"""POST /prices/resolve: the customer's chain of lists, then every item's price, set-based."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import utcnow

from ..adapters.price_source import SqlPriceSource
from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.chain import build_chain
from ..domain.resolution import Item, Resolved, resolve


def resolve_prices(uow: PricingUnitOfWork, customer_id: uuid.UUID, currency: str, items: list[Item],
                   inherit_parent: bool) -> list[Resolved]:
    with uow:
        source = SqlPriceSource(uow.session)
        anchors = uow.customers.anchors(customer_id, with_ancestors=inherit_parent)
        chain = build_chain(anchors, source.assignments(anchors), source.fallbacks(anchors), inherit_parent, utcnow())
        return resolve(chain, currency, items, source)
