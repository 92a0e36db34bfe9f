"""A customer's order figures, per currency: of the customer itself, and rolled up over its
subsidiaries as the hierarchy is now (within what the caller reaches)."""
from __future__ import annotations

import decimal
import uuid
from collections import defaultdict

from b2b_shared.http.access import Access
from sqlalchemy import and_, func, select

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.orders import CustomerOrder, average
from .activity import subtree_of
from .customers import get_customer

_COUNTED = and_(CustomerOrder.placed_at.is_not(None), CustomerOrder.cancelled_at.is_(None),
                CustomerOrder.refunded_at.is_(None))


def orders_summary(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID) -> dict:
    with uow:
        get_customer(uow, customer_id)
        subtree = CustomerOrder.customer_id.in_(subtree_of(customer_id))
        if not access.unrestricted:
            subtree = subtree & access.condition(CustomerOrder.customer_id)
        # One statement for both figures, so that they come from one snapshot of the orders.
        rows = _per_currency_rows(uow, subtree, CustomerOrder.customer_id == customer_id)
        return {"customer_id": customer_id, "own": _figures([row for row in rows if row.own]),
                "with_subsidiaries": _figures(rows)}


def _per_currency_rows(uow: CustomersUnitOfWork, subtree, own) -> list:
    counted = func.count().filter(_COUNTED)
    return uow.session.execute(
        select(own.label("own"), CustomerOrder.currency, counted.label("orders"),
               func.coalesce(func.sum(CustomerOrder.total).filter(_COUNTED), 0).label("value"),
               func.min(CustomerOrder.placed_at).filter(_COUNTED).label("first"),
               func.max(CustomerOrder.placed_at).filter(_COUNTED).label("last"),
               func.count().filter(CustomerOrder.cancelled_at.is_not(None)).label("cancelled"),
               func.count().filter(CustomerOrder.refunded_at.is_not(None)).label("refunded"))
        .where(subtree).group_by(own, CustomerOrder.currency)).all()


def _figures(rows: list) -> dict:
    firsts = [row.first for row in rows if row.first]
    lasts = [row.last for row in rows if row.last]
    return {
        "orders_count": sum(row.orders for row in rows),
        "cancelled_count": sum(row.cancelled for row in rows),
        "refunded_count": sum(row.refunded for row in rows),
        "first_order_at": min(firsts, default=None),
        "last_order_at": max(lasts, default=None),
        "currencies": _currencies(rows),
    }


def _currencies(rows: list) -> list[dict]:
    counts: dict[str, int] = defaultdict(int)
    values: dict[str, decimal.Decimal] = defaultdict(decimal.Decimal)
    for row in rows:
        counts[row.currency] += row.orders
        values[row.currency] += decimal.Decimal(row.value)
    return [{"currency": currency, "orders_count": counts[currency], "lifetime_sales_value": values[currency],
             "average_order_size": average(values[currency], counts[currency])}
            for currency in sorted(counts) if counts[currency]]
