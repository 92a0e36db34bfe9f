"""The customer read model: upserts from events, lineage reads for access checks.

Each row keeps `path` = its lineage root..self. A customer that arrives before its parent is
known gets the partial path [parent, self]; it is completed when the customer next changes
(shortcut, named: a full rebuild would replay customers' events).
"""
from __future__ import annotations

import uuid

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..domain.records import CustomerRecord

# The moved customer's subtree takes the new prefix; its own tail after the moved id stays.
_REWRITE_SUBTREE = text("""
    UPDATE customer_read_model
       SET path = CAST(:prefix AS uuid[]) || path[array_position(path, CAST(:id AS uuid)) + 1:]
     WHERE path @> ARRAY[CAST(:id AS uuid)] AND id <> CAST(:id AS uuid)
""")


class CustomerReadModel:
    def __init__(self, session: Session):
        self.session = session

    def get(self, customer_id: uuid.UUID, for_update: bool = False) -> CustomerRecord | None:
        return self.session.get(CustomerRecord, customer_id, with_for_update=for_update or None)

    def lineage(self, customer_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
        path = self.session.scalar(select(CustomerRecord.path).where(CustomerRecord.id == customer_id))
        return tuple(path) if path else (customer_id,)

    def path_for(self, customer_id: uuid.UUID, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
        if parent_id is None:
            return [customer_id]
        parent = self.lineage(parent_id)
        return [*parent, customer_id]

    def add(self, record: CustomerRecord) -> None:
        self.session.add(record)

    def rewrite_subtree(self, record: CustomerRecord) -> None:
        """After `record.path` changed: give every descendant the new prefix (one UPDATE, GIN index)."""
        self.session.flush()
        self.session.execute(_REWRITE_SUBTREE, {"prefix": [str(i) for i in record.path], "id": str(record.id)})

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(CustomerRecord))
