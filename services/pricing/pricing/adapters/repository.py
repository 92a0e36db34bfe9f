"""What every pricing repository does alike: find one aggregate by id, add it, remove it, and
page through a selection of them. Each repository names its model and the columns its sort
keys (the API's names for them) stand for."""
from __future__ import annotations

import uuid
from typing import ClassVar

from b2b_shared.db.paging import Sort, keyset_page
from sqlalchemy import Select
from sqlalchemy.orm import Session


class Repository:
    model: ClassVar[type]
    sorts: ClassVar[dict[str, object]]  # sort key -> column

    def __init__(self, session: Session):
        self.session = session

    def get(self, resource_id: uuid.UUID, for_update: bool = False):
        return self.session.get(self.model, resource_id, with_for_update=for_update or None)

    def add(self, resource) -> None:
        self.session.add(resource)

    def delete(self, resource) -> None:
        self.session.delete(resource)

    def _page(self, stmt: Select, sort: Sort, limit: int, cursor: str | None):
        """One keyset page of `stmt`: (items, next_cursor)."""
        return keyset_page(self.session, stmt, sort.on(self.sorts[sort.field]), self.model.id, limit, cursor)
