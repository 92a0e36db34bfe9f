"""What the customers consumer does for the timeline and the order figures, on a queue of their own
(`customers.timeline-events`, service.py `follows`): apart from the principal read model's queue,
so that a burst of order events never delays a disabled user's refusal.

The same event may reach both queues (`customer_user.*`: the principal read model and the timeline);
each queue keeps its own inbox, so each applies it once.
"""
from __future__ import annotations

from b2b_shared.messaging.batches import Batched

from .activity import TIMELINE_EVENTS, record_event, remember_all
from .orders import ORDER_HANDLERS

TIMELINE_QUEUE = "customers.timeline-events"
# A batch's states last seen are read in one statement before its first event (batches.py).
TIMELINE_HANDLERS = {**dict.fromkeys(TIMELINE_EVENTS, Batched(record_event, remember_all)), **ORDER_HANDLERS}
