"""Unit-test fixtures, no database: an in-memory price source that answers as
adapters/price_source.py does, a unit of work over in-memory repositories (cosmicpython, chapter
6: the use cases run against it, and it keeps what they committed and the events they recorded),
and callers' rights. The mechanism is b2b_shared.testing.fakes; here are pricing's own
repositories and queries.

(pytest runs with --import-mode=importlib, so fakes are handed to tests as fixtures, not imported.)
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from b2b_shared.auth.principal import ADMINISTRATOR, SALES_REPRESENTATIVE
from b2b_shared.testing import fakes
from b2b_shared.testing.fakes import FakeAccess, FakeRepository
from pricing.adapters.price_source import Context
from pricing.adapters.read_model import anchors_of
from pricing.domain.anchors import Anchors
from pricing.domain.assignments import PriceListAssignment, PriceListFallback
from pricing.domain.balances import ZERO, BalanceAccount
from pricing.domain.chain import Assignment
from pricing.domain.price_lists import PriceList
from pricing.domain.resolution import Item, Offer
from pricing.domain.terms import PaymentTerm, PaymentTermAssignment, TaxCode, TaxCodeAssignment


@dataclass(frozen=True)
class Row:
    price_list_id: uuid.UUID
    sku: str
    quantity: Decimal
    value: Decimal
    unit: str = "item"
    currency: str = "EUR"


class FakePriceSource:
    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.queries = 0

    def deciding(self, chain, currency, items: list[Item]):
        """Everything: every list's best fitting tier per item, every non-merging list's skus."""
        self.queries += 1
        offers = {}
        for index, item in enumerate(items):
            for link in chain:
                tiers = [r for r in self.rows if (r.price_list_id, r.sku, r.unit, r.currency) ==
                         (link.price_list_id, item.sku, item.unit, currency) and r.quantity <= item.quantity]
                if tiers:
                    best = max(tiers, key=lambda r: r.quantity)
                    offers[(index, link.price_list_id)] = Offer(best.quantity, best.value)
        stoppers = {link.price_list_id for link in chain if not link.merge_allowed}
        return offers, {(r.price_list_id, r.sku) for r in self.rows if r.price_list_id in stoppers}


@pytest.fixture
def source_of():
    """source_of(rows) where each row is (list id, sku, quantity, value[, unit[, currency]])."""
    def make(*rows) -> FakePriceSource:
        return FakePriceSource([Row(r[0], r[1], Decimal(r[2]), Decimal(r[3]), *r[4:]) for r in rows])
    return make


class FakePriceLists(FakeRepository):
    def page(self, q, active, sort, limit, cursor):
        rows = [p for p in self.rows.values() if (not q or q.lower() in p.name.lower())
                and active in (None, p.active)]
        return self._page(rows, sort, limit)


class FakeTerms(FakeRepository):
    def page(self, sort, limit, cursor):
        return self._page(self.rows.values(), sort, limit)


class FakeAssignments(FakeRepository):
    def __init__(self, model: type, reference: str, terms: FakeRepository | None = None):
        super().__init__(model)
        self.reference, self.terms = reference, terms

    def is_assigned(self, referenced_id) -> bool:
        return any(getattr(a, self.reference) == referenced_id for a in self.rows.values())

    def page(self, filters, within, sort, limit, cursor):
        rows = [a for a in self.rows.values() if (a.level != "customer" or within.reaches(a.target_id))
                and all(filters.get(name) in (None, getattr(a, name)) for name in (self.reference, "level", "target_id"))]
        return self._page(rows, sort, limit)

    def assigned_to(self, targets):
        return {(a.level, a.target_id): self.terms.rows[getattr(a, self.reference)] for a in self.rows.values()
                if (a.level, a.target_id) in targets}


class FakeFallbacks(FakeRepository):
    def find(self, level, target_id, for_update: bool = False):
        return next((f for f in self.rows.values() if (f.level, f.target_id) == (level, target_id)), None)


class FakePrices:
    def __init__(self):
        self.values: dict[tuple, Decimal] = {}  # (list id, sku, unit, currency, quantity) -> value

    def upsert(self, list_id, rows) -> tuple[int, int]:
        keys = [(list_id, r["sku"], r["unit"], r["currency"], r["quantity"]) for r in rows]
        created = sum(key not in self.values for key in keys)
        updated = sum(key in self.values and self.values[key] != r["value"] for key, r in zip(keys, rows))
        self.values.update({key: r["value"] for key, r in zip(keys, rows)})
        return created, updated

    def delete(self, list_id, keys) -> int:
        def matches(stored, key):
            return stored[:2] == (list_id, key["sku"]) and all(
                key.get(name) in (None, value) for name, value in zip(("unit", "currency", "quantity"), stored[2:]))
        doomed = [stored for stored in self.values if any(matches(stored, key) for key in keys)]
        for stored in doomed:
            del self.values[stored]
        return len(doomed)

    def page(self, list_id, sku, limit, cursor):
        keys = sorted(k for k in self.values if k[0] == list_id and sku in (None, k[1]))  # by sku, unit, ...
        return [Row(k[0], k[1], k[4], self.values[k], k[2], k[3]) for k in keys][:limit], None


class FakeAccounts(FakeRepository):
    def __init__(self):
        super().__init__(BalanceAccount)
        self.entries_posted: list = []

    def lock(self, customer_id, ledger):
        account = self.find(customer_id, ledger)
        if account is not None:
            return account, False
        account = BalanceAccount(id=uuid.uuid4(), customer_id=customer_id, ledger=ledger, balance=ZERO,
                                 credit_limit=ZERO)
        self.add(account)
        return account, True

    def find(self, customer_id, ledger):
        return next((a for a in self.rows.values() if (a.customer_id, a.ledger) == (customer_id, ledger)), None)

    def entry_by_key(self, key):
        return next((e for e in self.entries_posted if e.idempotency_key == key), None)

    def add_entry(self, entry) -> None:
        self.entries_posted.append(entry)
        self.undo.append(lambda: self.entries_posted.remove(entry))

    def entries(self, customer_id, ledger, sort, limit, cursor):
        mine = [e for e in self.entries_posted if (e.customer_id, e.ledger) == (customer_id, ledger)]
        return self._page(mine, sort, limit)


class FakeCustomers:
    """The read model: what customers' events told us, by id."""

    def __init__(self):
        self.known: dict[uuid.UUID, tuple] = {}  # id -> (group id, ancestor ids, deleted)

    def tell(self, customer_id, group_id=None, ancestors=(), deleted=False) -> None:
        self.known[customer_id] = (group_id, tuple(ancestors), deleted)

    def anchors(self, customer_id, with_ancestors: bool) -> Anchors:
        group_id, ancestors, deleted = self.known.get(customer_id, (None, (), False))
        return anchors_of(customer_id, deleted, group_id, ancestors if with_ancestors else ())


class FakeSqlPriceSource:
    """adapters/price_source.py over the fake repositories."""

    def __init__(self, uow: "FakeUnitOfWork"):
        self.uow = uow

    def context(self, customer_id, with_ancestors: bool) -> Context:
        lists = self.uow.price_lists.rows
        assignments = [Assignment(a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed,
                                  lists[a.price_list_id].active, lists[a.price_list_id].active_from,
                                  lists[a.price_list_id].active_to)
                       for a in self.uow.price_list_assignments.rows.values()]
        fallbacks = {(f.level, f.target_id): f.fallback for f in self.uow.fallbacks.rows.values()}
        return Context(self.uow.customers.anchors(customer_id, with_ancestors), assignments, fallbacks)

    def deciding(self, chain, currency, items):
        rows = [Row(k[0], k[1], k[4], v, k[2], k[3]) for k, v in self.uow.prices.values.items()]
        return FakePriceSource(rows).deciding(chain, currency, items)


class FakeUnitOfWork(fakes.FakeUnitOfWork):
    def __init__(self):
        super().__init__()
        self.price_lists = FakePriceLists(PriceList)
        self.prices = FakePrices()
        self.price_list_assignments = FakeAssignments(PriceListAssignment, "price_list_id")
        self.fallbacks = FakeFallbacks(PriceListFallback)
        self.payment_terms = FakeTerms(PaymentTerm)
        self.payment_term_assignments = FakeAssignments(PaymentTermAssignment, "payment_term_id", self.payment_terms)
        self.tax_codes = FakeTerms(TaxCode)
        self.tax_code_assignments = FakeAssignments(TaxCodeAssignment, "tax_code_id", self.tax_codes)
        self.accounts = FakeAccounts()
        self.customers = FakeCustomers()
        self.price_source = FakeSqlPriceSource(self)
        self.in_transaction = True

    def without_transaction(self) -> None:
        self.in_transaction = False


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def admin() -> FakeAccess:
    """A back-office administrator: reaches every customer, may do anything at any level."""
    return FakeAccess(fakes.staff(ADMINISTRATOR), resource="price_list", action="ASSIGN")


@pytest.fixture
def rep():
    """rep(*customer_ids, action="ASSIGN"): a sales representative of those customers."""
    return lambda *customer_ids, action="ASSIGN": fakes.reaching(fakes.staff(SALES_REPRESENTATIVE), *customer_ids,
                                                                 resource="price_list", action=action)
