"""Unit-test fixtures, no database: a unit of work over in-memory repositories (cosmicpython,
chapter 6; the use cases run against it and it keeps what they committed and the events they
recorded), callers' rights, and passwords hashed for show. (Here rather than in a module of their
own: tests are imported with importlib, so a helper module would need its folder on pytest's path.)"""
from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field, replace

import pytest
from b2b_shared.auth.levels import Level
from b2b_shared.auth.principal import CUSTOMER_USER, STAFF, Principal
from b2b_shared.errors import Forbidden, NotFound
from users_roles.domain.model import CustomerUser, Role, StaffUser, User
from users_roles.domain.predefined import PREDEFINED_ROLES
from users_roles.domain.records import CustomerView

_clock = itertools.count()


def _saved(entity):
    """What the database would fill in on insert: version 1 and timestamps."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=next(_clock))
    for name, value in (("version", 1), ("created_at", now), ("updated_at", now)):
        if hasattr(type(entity), name) and getattr(entity, name) is None:
            setattr(entity, name, value)
    return entity


class FakeRepository:
    def __init__(self):
        self.rows: dict[uuid.UUID, object] = {}
        self.seen: list = []  # every entity added or deleted: the unit of work collects their events
        self.seed_locked = False

    def get(self, entity_id: uuid.UUID, for_update: bool = False):
        return self.rows.get(entity_id)

    def add(self, entity) -> None:
        self.rows[entity.id] = _saved(entity)
        self.seen.append(entity)

    def delete(self, entity) -> None:
        del self.rows[entity.id]
        self.seen.append(entity)

    def lock_seeding(self) -> None:
        self.seed_locked = True

    def _page(self, rows: list, sort, limit: int):
        rows = sorted(rows, key=lambda row: (getattr(row, sort.field), str(row.id)), reverse=sort.descending)
        return rows[:limit], None  # Shortcut: one page only; paging is the integration tests' business


class FakeUserRepository(FakeRepository):
    def get(self, user_id: uuid.UUID, kind: type[User] = User, for_update: bool = False):
        user = self.rows.get(user_id)
        return user if isinstance(user, kind) else None

    def page(self, kind, customer_ids, sort, limit: int, cursor: str | None, within=None):
        rows = [u for u in self.rows.values() if isinstance(u, kind)
                and (customer_ids is None or u.customer_id in customer_ids)
                and (within is None or within.reaches(u.customer_id, u.id))]
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


class FakeUnitOfWork:
    def __init__(self):
        self.users = FakeUserRepository()
        self.roles = FakeRoleRepository(self.users)
        self.customers = FakeCustomerReadModel()
        self.refresh_tokens = FakeRefreshTokens()
        self.commits = 0
        self.events: list = []  # RecordedEvent, in the order recorded, of every commit

    def __enter__(self) -> "FakeUnitOfWork":
        return self

    def __exit__(self, *exc_info) -> None:
        self._pending()  # what was not committed is rolled back: its events are dropped

    def commit(self) -> None:
        self.events += self._pending()
        self.commits += 1

    def _pending(self) -> list:
        entities = {id(e): e for repo in (self.users, self.roles) for e in [*repo.rows.values(), *repo.seen]}
        return sorted((event for e in entities.values() for event in e.pop_events()), key=lambda event: event.order)

    def given(self, *entities):
        """Entities already in the database, recorded events and all forgotten."""
        for entity in entities:
            repository = self.roles if isinstance(entity, Role) else self.users
            repository.rows[entity.id] = _saved(entity)
            entity.pop_events()
        return entities[0] if len(entities) == 1 else entities

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

    @property
    def event_types(self) -> list[str]:
        return [event.type for event in self.events]


@dataclass(frozen=True)
class FakeAccess:
    """An Access (b2b_shared.http.access) whose reach is a set of customer ids, or everything,
    and whose other rights (`to`) are the principal's permissions."""

    principal: Principal
    reach: frozenset[uuid.UUID] | None = None  # None: unrestricted

    @property
    def unrestricted(self) -> bool:
        return self.reach is None

    def reaches(self, customer_id: uuid.UUID | None, user_id: uuid.UUID | None = None) -> bool:
        return self.unrestricted or customer_id in self.reach

    def check(self, customer_id, user_id=None, otherwise: Exception | None = None) -> None:
        if not self.reaches(customer_id, user_id):
            raise otherwise or NotFound("Out of reach.")

    def to(self, resource: str, action: str) -> "FakeAccess":
        if not self.unrestricted and self.principal.level(resource, action) == Level.NONE:
            raise Forbidden(f"No right to {action} {resource}.")
        return replace(self)


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
    return FakeAccess(Principal(STAFF, str(uuid.uuid4()), staff_roles=frozenset({"administrator"})))


@pytest.fixture
def customer_admin():
    """A customer user whose roles grant `levels` ((resource, action) -> Level), reaching the customers named."""
    def make(*customer_ids: uuid.UUID, levels: dict | None = None, user_id: uuid.UUID | None = None) -> FakeAccess:
        principal = Principal(CUSTOMER_USER, str(user_id or uuid.uuid4()), customer_id=customer_ids[0],
                              permissions=levels or {})
        return FakeAccess(principal, frozenset(customer_ids))
    return make


@pytest.fixture
def sales_rep():
    """A staff sales representative: reaches the customers named only."""
    def make(*customer_ids: uuid.UUID) -> FakeAccess:
        principal = Principal(STAFF, str(uuid.uuid4()), staff_roles=frozenset({"sales_representative"}))
        return FakeAccess(principal, frozenset(customer_ids))
    return make
