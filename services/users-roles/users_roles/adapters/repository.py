"""Queries over users and roles."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort, keyset_page
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from ..domain.model import CustomerUser, Role, StaffUser, User, user_roles


class UserRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, user_id: uuid.UUID, kind: type[User] = User, for_update: bool = False):
        user = self.session.get(kind, user_id, with_for_update=for_update or None)
        return user if isinstance(user, kind) else None

    def by_email(self, email: str) -> User | None:
        return self.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))

    def add(self, user: User) -> None:
        self.session.add(user)

    def delete(self, user: User) -> None:
        self.session.delete(user)

    def page(self, kind: type[User], customer_ids, sort: Sort, limit: int, cursor: str | None, within=None):
        stmt = select(kind) if within is None else select(kind).where(within)
        if customer_ids is not None:
            stmt = stmt.where(kind.customer_id.in_(customer_ids))
        return keyset_page(self.session, stmt, sort, kind.id, limit, cursor)

    def enabled_of_customers(self, customer_ids: list[uuid.UUID]) -> list[CustomerUser]:
        return list(self.session.scalars(
            select(CustomerUser).where(CustomerUser.customer_id.in_(customer_ids), CustomerUser.enabled)
            .with_for_update()))

    def disabled_with_customer(self, customer_id: uuid.UUID) -> list[CustomerUser]:
        """The users that the deactivation of this customer disabled (and nobody changed since)."""
        return list(self.session.scalars(
            select(CustomerUser).where(CustomerUser.customer_id == customer_id,
                                       CustomerUser.disabled_with_customer.is_not(None))
            .with_for_update()))

    def staff_exists(self) -> bool:
        return self.session.scalar(select(exists().where(StaffUser.kind == "staff")))


class RoleRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, role_id: uuid.UUID, for_update: bool = False) -> Role | None:
        return self.session.get(Role, role_id, with_for_update=for_update or None)

    def many(self, role_ids: list[uuid.UUID]) -> list[Role]:
        return list(self.session.scalars(select(Role).where(Role.id.in_(role_ids))))

    def global_named(self, name: str) -> Role | None:
        return self.session.scalar(select(Role).where(Role.customer_id.is_(None), Role.name == name))

    def add(self, role: Role) -> None:
        self.session.add(role)

    def delete(self, role: Role) -> None:
        self.session.delete(role)

    def is_assigned(self, role_id: uuid.UUID) -> bool:
        return self.session.scalar(select(exists().where(user_roles.c.role_id == role_id)))

    def page(self, customer_ids, include_global: bool, sort: Sort, limit: int, cursor: str | None, within=None):
        """Roles of the named customers (and the global ones); `within` limits customer roles to
        the caller's reach, global roles being visible to everyone who may list roles."""
        stmt = select(Role) if within is None else select(Role).where(or_(Role.customer_id.is_(None), within))
        if customer_ids is not None:
            scope = Role.customer_id.in_(customer_ids)
            stmt = stmt.where(or_(scope, Role.customer_id.is_(None)) if include_global else scope)
        return keyset_page(self.session, stmt, sort, Role.id, limit, cursor)
