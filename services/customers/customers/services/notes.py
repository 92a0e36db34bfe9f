"""Notes on a customer: written with their author (the caller) and time, listed newest first, changed
or deleted only by their author or an administrator (domain/model.py, Note)."""
from __future__ import annotations

import uuid

from b2b_shared.auth.principal import ADMINISTRATOR
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Forbidden, NotFound
from b2b_shared.http.access import Access

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.model import Note
from ..messaging.published import note_data
from .customers import get_customer


def _get(uow: CustomersUnitOfWork, customer_id: uuid.UUID, note_id: uuid.UUID) -> Note:
    note = uow.notes.get(note_id)
    if note is None or note.customer_id != customer_id:
        raise NotFound(f"Note {note_id} of customer {customer_id} does not exist.")
    return note


def _check_may_change(access: Access, note: Note) -> None:
    principal = access.principal
    if not note.may_be_changed_by(principal.user_id, principal.is_staff(ADMINISTRATOR)):
        raise Forbidden("Only a note's author or an administrator may change or delete it.")


def add_note(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, data: dict) -> Note:
    with uow:
        get_customer(uow, customer_id)
        note = Note.create(customer_id, author_id=access.principal.user_id, **data)
        uow.notes.add(note)
        uow.commit()
        return note


def update_note(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, note_id: uuid.UUID,
                changes: dict, expected: int | None) -> Note:
    with uow:
        note = _get(uow, customer_id, note_id)
        _check_may_change(access, note)
        check_version(note.version, expected)
        note.update(**changes)
        uow.commit()
        return note


def delete_note(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, note_id: uuid.UUID,
                expected: int | None) -> None:
    with uow:
        note = _get(uow, customer_id, note_id)
        _check_may_change(access, note)
        check_version(note.version, expected)
        note.mark_deleted(note_data(note))
        uow.notes.delete(note)
        uow.commit()


def read_note(uow: CustomersUnitOfWork, customer_id: uuid.UUID, note_id: uuid.UUID) -> Note:
    with uow:
        return _get(uow, customer_id, note_id)


def list_notes(uow: CustomersUnitOfWork, customer_id: uuid.UUID, limit: int, cursor: str | None):
    with uow:
        get_customer(uow, customer_id)
        return uow.notes.page(customer_id, limit, cursor)
