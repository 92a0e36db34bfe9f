"""Balance accounts: found or created, then locked for the posting that changes them."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import utcnow
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..domain.balances import ZERO, BalanceAccount, BalanceEntry


def lock_account(session: Session, customer_id: uuid.UUID, ledger: str) -> tuple[BalanceAccount, bool]:
    """The account row, locked FOR UPDATE until commit; made on first use (True if just made).
    ON CONFLICT DO NOTHING lets two first postings race safely: one inserts, both then lock it."""
    now = utcnow()
    made = session.execute(
        insert(BalanceAccount)
        .values(id=uuid.uuid4(), customer_id=customer_id, ledger=ledger, balance=ZERO, credit_limit=ZERO,
                version=1, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["customer_id", "ledger"])
        .returning(BalanceAccount.id)
    ).first()
    stmt = select(BalanceAccount).where(BalanceAccount.customer_id == customer_id, BalanceAccount.ledger == ledger)
    return session.scalars(stmt.with_for_update().execution_options(populate_existing=True)).one(), made is not None


def find_account(session: Session, customer_id: uuid.UUID, ledger: str) -> BalanceAccount:
    """The account, or an unsaved empty one at version 0 (never posted to)."""
    stmt = select(BalanceAccount).where(BalanceAccount.customer_id == customer_id, BalanceAccount.ledger == ledger)
    return session.scalars(stmt).first() or BalanceAccount(customer_id=customer_id, ledger=ledger, balance=ZERO,
                                                           credit_limit=ZERO, version=0)


def entry_by_key(session: Session, key: str) -> BalanceEntry | None:
    return session.scalars(select(BalanceEntry).where(BalanceEntry.idempotency_key == key)).first()
