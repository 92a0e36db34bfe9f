"""Notes on a customer: appended with their author and time, listed newest first."""
from __future__ import annotations

import uuid

from b2b_shared.http.pagination import Sort, keyset_page
from sqlalchemy import select

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.model import Note
from .customers import get_customer

NEWEST_FIRST = Sort("created_at", Note.created_at, descending=True)


def add_note(uow: CustomersUnitOfWork, customer_id: uuid.UUID, data: dict) -> Note:
    with uow:
        get_customer(uow, customer_id)
        note = Note(id=uuid.uuid4(), customer_id=customer_id, **data)
        uow.session.add(note)
        note.record("customer_note.created")
        uow.commit()
        return note


def list_notes(uow: CustomersUnitOfWork, customer_id: uuid.UUID, limit: int, cursor: str | None):
    with uow:
        get_customer(uow, customer_id)
        stmt = select(Note).where(Note.customer_id == customer_id)
        return keyset_page(uow.session, stmt, NEWEST_FIRST, Note.id, limit, cursor)
