"""Roles in the database: with the other repositories the unit of work holds, the use cases'
only way in. The only place that knows which column each sort key names and how the caller's
reach becomes a WHERE clause."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort, keyset_page
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from ..domain.model import Role, user_roles
from .seed_lock import take_seed_lock

ROLE_SORTS = {"name": Role.name, "created_at": Role.created_at}


class RoleRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, role_id: uuid.UUID, for_update: bool = False) -> Role | None:
        return self.session.get(Role, role_id, with_for_update=for_update or None)

    def many(self, role_ids: list[uuid.UUID]) -> list[Role]:
        return list(self.session.scalars(select(Role).where(Role.id.in_(role_ids))))

    def global_named(self, name: str) -> Role | None:
        return self.session.scalar(select(Role).where(Role.customer_id.is_(None), Role.name == name))

    def named(self, names: list[str], customer_id: uuid.UUID) -> list[Role]:
        """The global roles and the customer's own roles that have these names."""
        return list(self.session.scalars(select(Role).where(
            Role.name.in_(names), or_(Role.customer_id.is_(None), Role.customer_id == customer_id))))

    def add(self, role: Role) -> None:
        self.session.add(role)

    def delete(self, role: Role) -> None:
        self.session.delete(role)

    def lock_seeding(self) -> None:
        take_seed_lock(self.session)

    def is_assigned(self, role_id: uuid.UUID) -> bool:
        return self.session.scalar(select(exists().where(user_roles.c.role_id == role_id)))

    def page(self, customer_ids, include_global: bool, sort: Sort, limit: int, cursor: str | None, within=None):
        """Roles of the named customers (and the global ones); `within` (the caller's Access) limits
        customer roles to its reach, global roles being visible to everyone who may list roles."""
        stmt = select(Role)
        if within is not None:
            stmt = stmt.where(or_(Role.customer_id.is_(None), within.condition(Role.customer_id)))
        if customer_ids is not None:
            scope = Role.customer_id.in_(customer_ids)
            stmt = stmt.where(or_(scope, Role.customer_id.is_(None)) if include_global else scope)
        return keyset_page(self.session, stmt, sort.on(ROLE_SORTS[sort.field]), Role.id, limit, cursor)
