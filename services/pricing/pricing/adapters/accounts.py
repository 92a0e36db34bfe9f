"""Balance accounts and their entries: an account is found, or made and locked for the posting
that changes it; entries are only ever added."""
from __future__ import annotations

import uuid

from b2b_shared.db.paging import Sort, keyset_page
from b2b_shared.db.versioned import utcnow
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..domain.balances import ZERO, BalanceAccount, BalanceEntry

ENTRY_SORTS = {"created_at": BalanceEntry.created_at}


class AccountRepository:
    def __init__(self, session: Session):
        self.session = session

    def lock(self, customer_id: uuid.UUID, ledger: str) -> tuple[BalanceAccount, bool]:
        """The account row, locked FOR UPDATE until commit; made on first use (True if just made).
        ON CONFLICT DO NOTHING lets two first postings race safely: one inserts, both then lock it."""
        now = utcnow()
        made = self.session.execute(
            insert(BalanceAccount)
            .values(id=uuid.uuid4(), customer_id=customer_id, ledger=ledger, balance=ZERO, credit_limit=ZERO,
                    version=1, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["customer_id", "ledger"])
            .returning(BalanceAccount.id)
        ).first()
        stmt = self._account(customer_id, ledger).with_for_update().execution_options(populate_existing=True)
        return self.session.scalars(stmt).one(), made is not None

    def find(self, customer_id: uuid.UUID, ledger: str) -> BalanceAccount | None:
        return self.session.scalars(self._account(customer_id, ledger)).first()

    def entry_by_key(self, key: str) -> BalanceEntry | None:
        return self.session.scalars(select(BalanceEntry).where(BalanceEntry.idempotency_key == key)).first()

    def add_entry(self, entry: BalanceEntry) -> None:
        self.session.add(entry)

    def entries(self, customer_id: uuid.UUID, ledger: str, sort: Sort, limit: int, cursor: str | None):
        """One keyset page of the ledger's entries: (items, next_cursor)."""
        stmt = select(BalanceEntry).where(BalanceEntry.customer_id == customer_id, BalanceEntry.ledger == ledger)
        return keyset_page(self.session, stmt, sort.on(ENTRY_SORTS[sort.field]), BalanceEntry.id, limit, cursor)

    @staticmethod
    def _account(customer_id: uuid.UUID, ledger: str):
        return select(BalanceAccount).where(BalanceAccount.customer_id == customer_id, BalanceAccount.ledger == ledger)
