"""What the customers consumer does for the timeline and the order figures, added to its other
handlers (service.py): `with_activity(HANDLERS)`.

The consumer's one events queue is bound to these types besides users-roles' principal events. An
event type that queue already handles (`customer_user.*`, for the principal read model) runs that
handler first, then the timeline's, in the same transaction.
"""
from __future__ import annotations

from collections.abc import Mapping

from b2b_shared.messaging.envelope import CloudEvent

from .activity import TIMELINE_EVENTS, record_event
from .orders import ORDER_HANDLERS

TIMELINE_HANDLERS = {**dict.fromkeys(TIMELINE_EVENTS, record_event), **ORDER_HANDLERS}


def with_activity(handlers: Mapping, timeline: Mapping = TIMELINE_HANDLERS) -> dict:
    merged = dict(handlers)
    for event_type, ours in timeline.items():
        theirs = merged.get(event_type)
        merged[event_type] = ours if theirs is None else _both(theirs, ours)
    return merged


def _both(first, then):
    def handle(work, event: CloudEvent) -> None:
        first(work, event)
        then(work, event)
    handle.__name__ = f"{getattr(first, '__name__', 'handler')}_then_{getattr(then, '__name__', 'handler')}"
    return handle
