"""Unit-test fixtures, no database: a unit of work over in-memory repositories (cosmicpython,
chapter 6; the use cases run against it and it keeps what they committed and the events they
recorded) and callers' rights. (Here rather than in a module of their own: tests are imported
with importlib, so a helper module would need its folder on pytest's path, one more list per service.)"""
from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from b2b_shared.auth.principal import CUSTOMER_USER, STAFF
from b2b_shared.errors import NotFound
from customers.domain.model import Address, Customer, CustomerGroup, Note

_clock = itertools.count()


def _saved(entity):
    """What the database would fill in on insert: version 1, timestamps, empty lists."""
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=next(_clock))
    for name, value in (("version", 1), ("created_at", now), ("updated_at", now)):
        if hasattr(type(entity), name) and getattr(entity, name) is None:
            setattr(entity, name, value)
    for name in ("tags", "sales_rep_ids"):
        if hasattr(type(entity), name) and getattr(entity, name) is None:
            setattr(entity, name, [])
    return entity


class FakeRepository:
    def __init__(self):
        self.rows: dict[uuid.UUID, object] = {}
        self.seen: list = []  # every entity added or deleted: the unit of work collects their events

    def get(self, entity_id: uuid.UUID, for_update: bool = False):
        return self.rows.get(entity_id)

    def add(self, entity) -> None:
        self.rows[entity.id] = _saved(entity)
        self.seen.append(entity)

    def delete(self, entity) -> None:
        del self.rows[entity.id]
        self.seen.append(entity)

    def _page(self, rows: list, sort, limit: int):
        rows = sorted(rows, key=lambda row: (getattr(row, sort.field), str(row.id)), reverse=sort.descending)
        return rows[:limit], None  # Shortcut: one page only; paging is the integration tests' business


class FakeCustomerRepository(FakeRepository):
    def __init__(self):
        super().__init__()
        self.locked = False

    def lock_hierarchy(self) -> None:
        self.locked = True

    def has_children(self, customer_id: uuid.UUID) -> bool:
        return any(customer.parent_id == customer_id for customer in self.rows.values())

    def reroot_subtree(self, customer_id: uuid.UUID, old_depth: int, new_lineage: list[uuid.UUID]) -> None:
        for customer in self.rows.values():
            if customer_id in customer.lineage and customer.id != customer_id:
                customer.lineage = [*new_lineage, *customer.lineage[old_depth:]]

    def page(self, filters, sort, limit: int, cursor: str | None):
        rows = [c for c in self.rows.values() if filters.parent_id in (None, c.parent_id)]
        return self._page(rows, sort, limit)


class FakeGroupRepository(FakeRepository):
    def __init__(self, customers: FakeCustomerRepository):
        super().__init__()
        self.customers = customers

    def has_members(self, group_id: uuid.UUID) -> bool:
        return any(customer.group_id == group_id for customer in self.customers.rows.values())

    def page(self, q: str | None, sort, limit: int, cursor: str | None):
        rows = [g for g in self.rows.values() if not q or q.lower() in f"{g.name} {g.code}".lower()]
        return self._page(rows, sort, limit)


class FakeAddressRepository(FakeRepository):
    def book(self, customer_id: uuid.UUID) -> list[Address]:
        return sorted((a for a in self.rows.values() if a.customer_id == customer_id), key=lambda a: a.created_at)


class FakeNoteRepository(FakeRepository):
    def page(self, customer_id: uuid.UUID, limit: int, cursor: str | None):
        notes = sorted((n for n in self.rows.values() if n.customer_id == customer_id),
                       key=lambda n: n.created_at, reverse=True)
        return notes[:limit], None


class FakeUnitOfWork:
    def __init__(self):
        self.customers = FakeCustomerRepository()
        self.groups = FakeGroupRepository(self.customers)
        self.addresses = FakeAddressRepository()
        self.notes = FakeNoteRepository()
        self.commits = 0
        self.events: list = []  # RecordedEvent, in the order recorded, of every commit

    def __enter__(self) -> "FakeUnitOfWork":
        return self

    def __exit__(self, *exc_info) -> None:
        self._pending()  # what was not committed is rolled back: its events are dropped

    def flush(self) -> None:
        pass

    def commit(self) -> None:
        self.events += self._pending()
        self.commits += 1

    def _pending(self) -> list:
        entities = {id(e): e for repo in (self.customers, self.groups, self.addresses, self.notes)
                    for e in [*repo.rows.values(), *repo.seen]}
        return sorted((event for e in entities.values() for event in e.pop_events()), key=lambda event: event.order)

    def given(self, *entities):
        """Entities already in the database, recorded events and all forgotten."""
        repositories = {Customer: self.customers, CustomerGroup: self.groups, Address: self.addresses, Note: self.notes}
        for entity in entities:
            repositories[type(entity)].rows[entity.id] = _saved(entity)
        return entities[0] if len(entities) == 1 else entities

    @property
    def event_types(self) -> list[str]:
        return [event.type for event in self.events]


@dataclass
class FakeAccess:
    """An Access (b2b_shared.http.access) whose reach is a set of customer ids, or everything."""

    kind: str = STAFF
    reaches_ids: set[uuid.UUID] | None = None  # None: unrestricted
    principal: SimpleNamespace = field(init=False)

    def __post_init__(self):
        self.principal = SimpleNamespace(kind=self.kind)

    @property
    def unrestricted(self) -> bool:
        return self.reaches_ids is None

    def check(self, customer_id, user_id=None, otherwise=None) -> None:
        if not self.unrestricted and customer_id not in self.reaches_ids:
            raise otherwise or NotFound("No such customer.")


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def admin() -> FakeAccess:
    return FakeAccess()


@pytest.fixture
def customer_user():
    return lambda *company_ids: FakeAccess(CUSTOMER_USER, set(company_ids))
