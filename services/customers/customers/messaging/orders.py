"""Orders from other teams' order services (`order.placed`, `order.cancelled`, `order.refunded`,
asyncapi.yaml): each sets its moment on the order's row (domain/orders.py) and makes a timeline
entry, in the consumer's transaction.

A tolerant reader of the fields the contract names; an event without them (or with a total that is
no decimal, a currency that is no ISO 4217 code) raises, so that it ends in the dead-letter queue
instead of being counted wrong.
"""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass

import pycountry
from b2b_shared.messaging.batches import by_column, deferred_rows, unnest_insert
from b2b_shared.messaging.envelope import CloudEvent
from sqlalchemy import case, func
from sqlalchemy.orm import Session

from ..domain.activity_entries import Entry
from ..domain.activity_summaries import summary_of
from ..domain.orders import MOMENT_OF, MOMENTS, CustomerOrder, merged
from .activity_writes import add_entry

ORDER_EVENTS = tuple(MOMENT_OF)


@dataclass(frozen=True)
class OrderEvent:
    order_id: str
    customer_id: uuid.UUID
    total: decimal.Decimal
    currency: str
    occurred_at: dt.datetime

    @classmethod
    def read(cls, event: CloudEvent) -> "OrderEvent":
        data = event.data
        total = decimal.Decimal(str(data["total"]))
        currency = str(data["currency"]).upper()
        if not total.is_finite() or pycountry.currencies.get(alpha_3=currency) is None:
            raise ValueError(f"{event.type} {event.id}: total {data['total']!r} {currency!r} is not money")
        moment = dt.datetime.fromisoformat(str(data["occurred_at"]).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError(f"{event.type} {event.id}: occurred_at has no time zone")
        return cls(str(data.get("order_id") or event.subject), uuid.UUID(str(data["customer_id"])), total,
                   currency, moment)


def order_changed(session: Session, event: CloudEvent) -> None:
    order = OrderEvent.read(event)
    moments = dict.fromkeys(MOMENTS) | {MOMENT_OF[event.type]: order.occurred_at}
    deferred_rows(session, _write_orders).append({"order_id": order.order_id, "customer_id": order.customer_id,
                                                   "total": order.total, "currency": order.currency, **moments})
    add_entry(session, event.id, Entry(order.customer_id, order.occurred_at, event.type, None,
                                       summary_of(event.type, event.data, None),
                                       {"order_id": order.order_id, "total": str(order.total),
                                        "currency": order.currency}))


def _write_orders(session: Session, rows: list[dict]) -> None:
    """One upsert for the batch's orders, one row each (one statement may not change a row twice)."""
    by_order: dict[str, dict] = {}
    for row in rows:
        known = by_order.get(row["order_id"])
        by_order[row["order_id"]] = row if known is None else merged(known, row)
    session.execute(_UPSERT_ORDERS, by_column(list(by_order.values()), _ORDERS))


def _upsert_orders():
    """The placement's amount and customer win over what a cancel or refund that came first said;
    each moment keeps its earliest value, so a repeat changes nothing."""
    statement = unnest_insert(_ORDERS)
    placement = statement.excluded.placed_at.is_not(None)
    amounts = {name: case((placement, statement.excluded[name]), else_=_ORDERS.c[name])
               for name in ("customer_id", "total", "currency")}
    moments = {moment: func.least(_ORDERS.c[moment], statement.excluded[moment]) for moment in MOMENTS}
    return statement.on_conflict_do_update(index_elements=[_ORDERS.c.order_id], set_={**amounts, **moments})


_ORDERS = CustomerOrder.__table__
_UPSERT_ORDERS = _upsert_orders()
ORDER_HANDLERS = dict.fromkeys(ORDER_EVENTS, order_changed)
