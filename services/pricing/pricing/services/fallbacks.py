"""Each customer's and customer group's fallback: after its own price lists, go on to the next
level (`next`, also what none set means), stop (`this_level_only`) or, for a customer, go on to
its parent's lists (`parent_customer`). domain/anchors.py and domain/chain.py apply it; the same
choice says whether a customer inherits its parent's payment term and tax code."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import PricingUnitOfWork
from ..domain.assignments import PriceListFallback, check_fallback
from .references import existing_target
from .targets import check_target


def read_fallback(uow: PricingUnitOfWork, access: Access, level: str, target_id: uuid.UUID) -> PriceListFallback:
    """Never set is served as `next` at version 0, so that a first PUT has an ETag to match."""
    check_target(access, level, target_id)
    with uow:
        return uow.fallbacks.find(level, target_id) or PriceListFallback.never_set(level, target_id)


def set_fallback(uow: PricingUnitOfWork, access: Access, level: str, target_id: uuid.UUID, fallback: str,
                 expected: int | None) -> PriceListFallback:
    check_target(access, level, target_id)
    check_fallback(level, fallback)
    with uow:
        existing_target(uow, level, target_id)
        found = uow.fallbacks.find(level, target_id, for_update=True)
        check_version(found.version if found else 0, expected)
        if found is None:
            found = PriceListFallback.first_set(level, target_id, fallback)
            uow.fallbacks.add(found)
        else:
            found.set(fallback)
        uow.commit()
        return found
