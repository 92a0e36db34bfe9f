"""When a customer or a customer group is deleted (its event), what was assigned to it goes too:
its price list, payment term and tax code assignments, each deletion announced by the usual
`*_assignment.deleted` event. Run by the consumer inside its transaction (messaging/handlers.py),
so the read model's tombstone, the deletions and their outbox rows commit together."""
from __future__ import annotations

import uuid

from ..adapters.unit_of_work import PricingUnitOfWork
from ..messaging.published import SERIALIZERS


def remove_assignments_of(uow: PricingUnitOfWork, level: str, target_id: uuid.UUID) -> int:
    # All read before any is deleted: a query after a delete autoflushes it, and a flushed
    # deletion leaves the session with the event it recorded unwritten.
    doomed = [(repository, assignment)
              for repository in (uow.price_list_assignments, uow.payment_term_assignments, uow.tax_code_assignments)
              for assignment in repository.of_target(level, target_id)]
    for repository, assignment in doomed:
        assignment.mark_deleted(SERIALIZERS[type(assignment)](assignment))
        repository.delete(assignment)
    return len(doomed)
