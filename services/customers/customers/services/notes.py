"""Notes on a customer: appended with their author and time, listed newest first."""
from __future__ import annotations

import uuid

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.model import Note
from .customers import get_customer


def add_note(uow: CustomersUnitOfWork, customer_id: uuid.UUID, data: dict) -> Note:
    with uow:
        get_customer(uow, customer_id)
        note = Note.create(customer_id, **data)
        uow.notes.add(note)
        uow.commit()
        return note


def list_notes(uow: CustomersUnitOfWork, customer_id: uuid.UUID, limit: int, cursor: str | None):
    with uow:
        get_customer(uow, customer_id)
        return uow.notes.page(customer_id, limit, cursor)
