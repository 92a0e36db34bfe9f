"""POST /prices/resolve: the customer's chain of lists, then every item's price, set-based."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import utcnow
from b2b_shared.http.access import Access

from ..adapters.price_source import SqlPriceSource
from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.chain import build_chain
from ..domain.resolution import Item, Resolved, resolve


def resolve_prices(uow: PricingUnitOfWork, access: Access, customer_id: uuid.UUID, currency: str,
                   items: list[Item], inherit_parent: bool) -> list[Resolved]:
    access.check(customer_id)  # a foreign customer is 404, as an unknown one would be
    with uow:
        # Reads only, two statements: under READ COMMITTED each statement takes its own snapshot
        # anyway, so a transaction would add nothing but the BEGIN and ROLLBACK round trips.
        uow.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        source = SqlPriceSource(uow.session)
        context = source.context(customer_id, with_ancestors=inherit_parent)
        chain = build_chain(*context, inherit_parent, utcnow())
        return resolve(chain, currency, items, source)
