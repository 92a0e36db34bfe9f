"""Unit-test fixtures, no database: a unit of work over in-memory repositories (cosmicpython,
chapter 6; the use cases run against it and it keeps what they committed and the events they
recorded) and callers' rights. The mechanism is b2b_shared.testing.fakes; here are customers' own
repositories and queries."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.auth.principal import ADMINISTRATOR
from b2b_shared.testing import fakes
from b2b_shared.testing.fakes import FakeAccess, FakeRepository
from customers.domain.contacts import Contact
from customers.domain.model import Address, Customer, CustomerGroup, Note
from customers.domain.tasks import Task


class FakeCustomerRepository(FakeRepository):
    model = Customer
    empty_lists = ("tags", "sales_rep_ids")

    def __init__(self):
        super().__init__()
        self.locked = False

    def lock_hierarchy(self) -> None:
        self.locked = True

    def read(self, customer_id: uuid.UUID) -> Customer | None:
        return self.rows.get(customer_id)  # the entity shows the same fields as the row the database gives

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
    model = CustomerGroup

    def __init__(self, customers: FakeCustomerRepository):
        super().__init__()
        self.customers = customers

    def has_members(self, group_id: uuid.UUID) -> bool:
        return any(customer.group_id == group_id for customer in self.customers.rows.values())

    def page(self, q: str | None, sort, limit: int, cursor: str | None):
        rows = [g for g in self.rows.values() if not q or q.lower() in f"{g.name} {g.code}".lower()]
        return self._page(rows, sort, limit)


class FakeAddressRepository(FakeRepository):
    model = Address

    def book(self, customer_id: uuid.UUID) -> list[Address]:
        return sorted((a for a in self.rows.values() if a.customer_id == customer_id), key=lambda a: a.created_at)


class FakeNoteRepository(FakeRepository):
    model = Note

    def page(self, customer_id: uuid.UUID, limit: int, cursor: str | None):
        notes = sorted((n for n in self.rows.values() if n.customer_id == customer_id),
                       key=lambda n: n.created_at, reverse=True)
        return notes[:limit], None


class FakeContactRepository(FakeRepository):
    model = Contact
    empty_lists = ("emails", "phones")

    def of_customer(self, customer_id: uuid.UUID, q: str | None = None) -> list[Contact]:
        return sorted((c for c in self.rows.values() if c.customer_id == customer_id),
                      key=lambda c: (not c.is_primary, c.last_name.lower()))


class FakeTaskRepository(FakeRepository):
    model = Task


class FakeStaffDirectory:
    """The staff users of the principal read model: `known` ids."""

    def __init__(self):
        self.known: set[uuid.UUID] = set()

    def unknown(self, user_ids) -> list[uuid.UUID]:
        return [user_id for user_id in dict.fromkeys(user_ids) if user_id not in self.known]


class FakeUnitOfWork(fakes.FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.customers = FakeCustomerRepository()
        self.groups = FakeGroupRepository(self.customers)
        self.addresses = FakeAddressRepository()
        self.notes = FakeNoteRepository()
        self.contacts = FakeContactRepository()
        self.tasks = FakeTaskRepository()
        self.staff = FakeStaffDirectory()


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def admin() -> FakeAccess:
    return FakeAccess(fakes.staff(ADMINISTRATOR))


@pytest.fixture
def customer_user():
    """customer_user(*company_ids): a user of the first company, reaching the companies named."""
    return lambda *company_ids: fakes.reaching(fakes.customer_user(company_ids[0]), *company_ids)
