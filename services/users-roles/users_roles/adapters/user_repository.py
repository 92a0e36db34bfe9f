"""Customer users and staff users in the database: with the other repositories the unit of work
holds, the use cases' only way in. The only place that knows which column each sort key names and
how the caller's reach becomes a WHERE clause."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.db.paging import Sort, keyset_page
from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session

from ..domain.model import CustomerUser, StaffUser, User
from ..domain.records import CustomerView
from .seed_lock import take_seed_lock


def _user_sorts(kind: type[User]) -> dict:
    return {"email": kind.email, "created_at": kind.created_at}


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

    def record_sign_in(self, user_id: uuid.UUID, moment: dt.datetime, rehashed: str | None = None) -> None:
        """The sign-in's moment, and the password's new hash when its parameters grew. A Core UPDATE:
        signing in is not a change of the resource, so its version stays and no event is recorded."""
        fields = {"last_login_at": moment, **({"password_hash": rehashed} if rehashed else {})}
        self.session.execute(update(User).where(User.id == user_id).values(**fields))

    def page(self, kind: type[User], customer_ids, sort: Sort, limit: int, cursor: str | None, within=None,
             q: str | None = None):
        """Users of one kind (of the named customers), only those `within` (the caller's Access) reaches,
        whose email, first or last name contains `q` (any case) when given."""
        stmt = self._listed(kind, within, q)
        if customer_ids is not None:
            stmt = stmt.where(kind.customer_id.in_(customer_ids))
        return keyset_page(self.session, stmt, sort.on(_user_sorts(kind)[sort.field]), kind.id, limit, cursor)

    def export_page(self, filters: dict, within, after: uuid.UUID | None, limit: int):
        """Customer users `within` (an Access) reaches, narrowed by the list's filters (customer_id,
        q) or ids, after the id `after` in id order: (user, its customer's external id) rows, and the
        next page's first id (None after the last)."""
        stmt = self._listed(CustomerUser, within, filters.get("q"))
        if filters.get("customer_id"):
            stmt = stmt.where(CustomerUser.customer_id == filters["customer_id"])
        if filters.get("ids"):
            stmt = stmt.where(CustomerUser.id.in_(filters["ids"]))
        if after is not None:
            stmt = stmt.where(CustomerUser.id > after)
        stmt = stmt.add_columns(CustomerView.external_id).outerjoin(CustomerView,
                                                                    CustomerView.id == CustomerUser.customer_id)
        rows = self.session.execute(stmt.order_by(CustomerUser.id).limit(limit + 1)).all()
        return rows[:limit], (rows[limit - 1][0].id if len(rows) > limit else None)

    @staticmethod
    def _listed(kind: type[User], within, q: str | None):
        stmt = select(kind)
        if q:
            stmt = stmt.where(or_(*(column.icontains(q, autoescape=True)
                                    for column in (kind.email, kind.first_name, kind.last_name))))
        if within is not None:
            stmt = stmt.where(within.condition(kind.customer_id, kind.id))
        return stmt

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

    def lock_seeding(self) -> None:
        take_seed_lock(self.session)

    def staff_exists(self) -> bool:
        return self.session.scalar(select(exists().where(StaffUser.kind == "staff")))
