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
from pricing.domain.assignments import PriceListAssignment, PriceListFallback
from pricing.domain.balances import ZERO, BalanceAccount
from pricing.domain.chain import Assignment
from pricing.domain.price_lists import PriceList
from pricing.domain.resolution import Item, price_items
from pricing.domain.strategies import ListedPrice
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
    """Answers as the SQL does, by the domain's own rule (domain/resolution.py, price_items)."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.queries = 0

    def sku_prices(self, chain, skus) -> dict[str, list[ListedPrice]]:
        lists = {link.price_list_id for link in chain}
        found: dict[str, list[ListedPrice]] = {}
        for r in self.rows:
            if r.sku in skus and r.price_list_id in lists:
                found.setdefault(r.sku, []).append(ListedPrice(r.price_list_id, r.unit, r.currency, r.quantity, r.value))
        return found

    def deciding(self, strategy, chain, currency, items: list[Item]):
        self.queries += 1
        return price_items(strategy, chain, currency, items, self.sku_prices(chain, {i.sku for i in items}))


@pytest.fixture
def source_of():
    """source_of(rows) where each row is (list id, sku, quantity, value[, unit[, currency]])."""
    def make(*rows) -> FakePriceSource:
        return FakePriceSource([Row(r[0], r[1], Decimal(str(r[2])), Decimal(str(r[3])), *r[4:]) for r in rows])
    return make


class FakePriceLists(FakeRepository):
    def page(self, q, active, sort, limit, cursor):
        rows = [p for p in self.rows.values() if (not q or q.lower() in p.name.lower())
                and active in (None, p.active)]
        return self._page(rows, sort, limit)


class FakeTerms(FakeRepository):
    def page(self, sort, limit, cursor):
        return self._page(self.rows.values(), sort, limit)

    def by_codes(self, codes):
        return {t.code: t for t in self.rows.values() if getattr(t, "code", None) in codes}


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

    def of_target(self, level, target_id):
        return [a for a in self.rows.values() if (a.level, a.target_id) == (level, target_id)]

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
    """The read model: what customers' events told us, by id (and the fallbacks, as the SQL reads
    them with the lineage)."""

    def __init__(self, fallbacks: "FakeFallbacks"):
        self.told: dict[uuid.UUID, tuple] = {}  # id -> (group id, ancestor ids, deleted, tax code)
        self.fallbacks = fallbacks

    def tell(self, customer_id, group_id=None, ancestors=(), deleted=False, tax_code=None) -> None:
        self.told[customer_id] = (group_id, tuple(ancestors), deleted, tax_code)

    def known(self, customer_id) -> bool:
        return customer_id in self.told and not self.told[customer_id][2]

    def anchors(self, customer_id):
        group_id, ancestors, deleted, _ = self.told.get(customer_id, (None, (), False, None))
        lineage = (customer_id, *ancestors)
        tax_codes = {c: self.told[c][3] for c in lineage if c in self.told and self.told[c][3]}
        anchors = anchors_of(customer_id, customer_id in self.told, deleted, group_id, ancestors, tax_codes)
        return anchors, {(f.level, f.target_id): f.fallback for f in self.fallbacks.rows.values()
                         if f.level == "customer" and f.target_id in lineage}


class FakeGroups:
    def __init__(self):
        self.told: dict[uuid.UUID, bool] = {}  # id -> deleted

    def tell(self, group_id, deleted=False) -> None:
        self.told[group_id] = deleted

    def known(self, group_id) -> bool:
        return self.told.get(group_id) is False


class FakeSqlPriceSource:
    """adapters/price_source.py over the fake repositories."""

    def __init__(self, uow: "FakeUnitOfWork"):
        self.uow = uow

    def context(self, customer_id) -> Context:
        lists = self.uow.price_lists.rows
        assignments = [Assignment(a.price_list_id, a.level, a.target_id, a.priority, a.merge_allowed,
                                  lists[a.price_list_id].active, lists[a.price_list_id].active_from,
                                  lists[a.price_list_id].active_to)
                       for a in self.uow.price_list_assignments.rows.values()]
        fallbacks = {(f.level, f.target_id): f.fallback for f in self.uow.fallbacks.rows.values()}
        anchors, _ = self.uow.customers.anchors(customer_id)
        return Context(anchors, assignments, fallbacks)

    def _source(self) -> FakePriceSource:
        return FakePriceSource([Row(k[0], k[1], k[4], v, k[2], k[3]) for k, v in self.uow.prices.values.items()])

    def deciding(self, strategy, chain, currency, items):
        return self._source().deciding(strategy, chain, currency, items)

    def sku_prices(self, chain, skus):
        return self._source().sku_prices(chain, set(skus))


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
        self.customers = FakeCustomers(self.fallbacks)
        self.customer_groups = FakeGroups()
        self.price_source = FakeSqlPriceSource(self)
        self.in_transaction = True

    def without_transaction(self) -> "FakeUnitOfWork":
        self.in_transaction = False
        return self


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
