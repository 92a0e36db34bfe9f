"""What the customers consumer does with each event it is bound to (queue customers.principal-events):
it keeps the principal read model (who may call this service) from users-roles' events."""
from __future__ import annotations

from b2b_shared.auth.principal_events import PRINCIPAL_HANDLERS

QUEUE = "customers.principal-events"
HANDLERS = dict(PRINCIPAL_HANDLERS)
