"""Unit-test fixtures, no database: a unit of work over in-memory repositories (cosmicpython,
chapter 6; the use cases run against it and it keeps what they committed and the events they
recorded), callers' rights, and passwords hashed for show. The mechanism is
b2b_shared.testing.fakes; here are users-roles' own repositories and queries."""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pytest
from b2b_shared.auth.principal import ADMINISTRATOR, SALES_REPRESENTATIVE
from b2b_shared.testing import fakes
from b2b_shared.testing.fakes import FakeAccess
from users_roles.domain.model import CustomerUser, Role, StaffUser, User
from users_roles.domain.predefined import PREDEFINED_ROLES
from users_roles.domain.records import CustomerView


class FakeRepository(fakes.FakeRepository):
    def __init__(self):
        super().__init__()
        self.seed_locked = False

    def lock_seeding(self) -> None:
        self.seed_locked = True


class FakeUserRepository(FakeRepository):
    model = User

    def get(self, user_id: uuid.UUID, kind: type[User] = User, for_update: bool = False):
        user = self.rows.get(user_id)
        return user if isinstance(user, kind) else None

    def page(self, kind, customer_ids, sort, limit: int, cursor: str | None, within=None, q: str | None = None):
        rows = [u for u in self.rows.values() if isinstance(u, kind)
                and (customer_ids is None or u.customer_id in customer_ids)
                and (within is None or within.reaches(u.customer_id, u.id))
                and (not q or q.lower() in f"{u.email} {u.first_name} {u.last_name}".lower())]
        return self._page(rows, sort, limit)

    def of_customer(self, customer_id: uuid.UUID) -> list[CustomerUser]:
        return [u for u in self.rows.values() if isinstance(u, CustomerUser) and u.customer_id == customer_id]

    def enabled_of_customers(self, customer_ids: list[uuid.UUID]) -> list[CustomerUser]:
        return [u for customer_id in customer_ids for u in self.of_customer(customer_id) if u.enabled]

    def disabled_with_customer(self, customer_id: uuid.UUID) -> list[CustomerUser]:
        return [u for u in self.of_customer(customer_id) if u.disabled_with_customer is not None]

    def staff_exists(self) -> bool:
        return any(isinstance(u, StaffUser) for u in self.rows.values())


class FakeRoleRepository(FakeRepository):
    model = Role

    def __init__(self, users: FakeUserRepository):
        super().__init__()
        self.users = users

    def many(self, role_ids: list[uuid.UUID]) -> list[Role]:
        return [self.rows[role_id] for role_id in role_ids if role_id in self.rows]

    def global_named(self, name: str) -> Role | None:
        return next((r for r in self.rows.values() if r.customer_id is None and r.name == name), None)

    def is_assigned(self, role_id: uuid.UUID) -> bool:
        return any(role_id in getattr(user, "role_ids", ()) for user in self.users.rows.values())

    def page(self, customer_ids, include_global: bool, sort, limit: int, cursor: str | None, within=None):
        def shown(role: Role) -> bool:
            if role.customer_id is None:
                return include_global or customer_ids is None
            return ((customer_ids is None or role.customer_id in customer_ids)
                    and (within is None or within.reaches(role.customer_id)))
        return self._page([r for r in self.rows.values() if shown(r)], sort, limit)


class FakeCustomerReadModel(FakeRepository):
    model = CustomerView

    def path_for(self, customer_id: uuid.UUID, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
        parent = self.rows.get(parent_id)
        return [*(parent.path if parent else [parent_id] if parent_id else []), customer_id]

    def rewrite_subtree(self, customer: CustomerView) -> None:
        pass  # Shortcut: the paths below a customer are the integration tests' business


class FakeRefreshTokens:
    def __init__(self):
        self.revoked_users: list[uuid.UUID] = []

    def revoke_user(self, user_id: uuid.UUID, now: dt.datetime) -> None:
        self.revoked_users.append(user_id)


class FakeUnitOfWork(fakes.FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.users = FakeUserRepository()
        self.roles = FakeRoleRepository(self.users)
        self.customers = FakeCustomerReadModel()
        self.refresh_tokens = FakeRefreshTokens()

    def given_customer(self, status: str = "active", parent: CustomerView | None = None) -> CustomerView:
        customer_id = uuid.uuid4()
        path = [*(parent.path if parent else []), customer_id]
        customer = CustomerView(id=customer_id, parent_id=parent.id if parent else None, status=status, version=1,
                                path=path, sales_rep_ids=[])
        self.customers.rows[customer_id] = customer
        return customer

    def given_predefined_roles(self) -> dict[str, Role]:
        roles = {name: Role(id=uuid.uuid4(), name=name, label=label, customer_id=None, self_managed=self_managed,
                            permissions=permissions)
                 for name, (label, self_managed, permissions) in PREDEFINED_ROLES.items()}
        self.given(*roles.values())
        return roles


@dataclass
class FakePasswords:
    """Hashes for show: the use cases must store what `hash` gives, never the password."""

    hashed: list[str] = field(default_factory=list)

    def hash(self, password: str) -> str:
        self.hashed.append(password)
        return f"hashed({password})"


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def passwords() -> FakePasswords:
    return FakePasswords()


@pytest.fixture
def back_office() -> FakeAccess:
    """A staff administrator: unrestricted."""
    return FakeAccess(fakes.staff(ADMINISTRATOR))


@pytest.fixture
def customer_admin():
    """A customer user whose roles grant `levels` ((resource, action) -> Level), reaching the customers named."""
    def make(*customer_ids: uuid.UUID, levels: dict | None = None, user_id: uuid.UUID | None = None) -> FakeAccess:
        return fakes.reaching(fakes.customer_user(customer_ids[0], levels, user_id), *customer_ids)
    return make


@pytest.fixture
def sales_rep():
    """A staff sales representative: reaches the customers named only."""
    def make(*customer_ids: uuid.UUID) -> FakeAccess:
        return fakes.reaching(fakes.staff(SALES_REPRESENTATIVE), *customer_ids)
    return make
