"""POST /prices/resolve: the customer's chain of lists, then every item's price, set-based."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import utcnow
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.chain import build_chain
from ..domain.resolution import Item, Resolved, resolve


def resolve_prices(uow: PricingUnitOfWork, access: Access, customer_id: uuid.UUID, currency: str,
                   items: list[Item], inherit_parent: bool) -> list[Resolved]:
    access.check(customer_id)  # a foreign customer is 404, as an unknown one would be
    with uow:
        uow.without_transaction()  # two reads: resolve's budget (~10 ms) has no room for BEGIN and ROLLBACK
        context = uow.price_source.context(customer_id, with_ancestors=inherit_parent)
        chain = build_chain(*context, inherit_parent, utcnow())
        return resolve(chain, currency, items, uow.price_source)
