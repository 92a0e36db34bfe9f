"""Contact persons of a customer. Every change locks the customer row first, so two requests that
both make a contact the primary one cannot interleave: the second sees the first's result."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import NotFound
from b2b_shared.validation import normalise

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain import values
from ..domain.contacts import Contact, take_over_primary
from ..messaging.published import contact_data
from .customers import get_customer


def _phones(raw: list[str]) -> list[str]:
    return list(dict.fromkeys(values.phone_e164(phone) for phone in raw))


def _emails(raw: list[str]) -> list[str]:
    return list(dict.fromkeys(email.strip() for email in raw))


RULES = {"phones": _phones, "emails": _emails}


def _get(uow: CustomersUnitOfWork, customer_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    contact = uow.contacts.get(contact_id)
    if contact is None or contact.customer_id != customer_id:
        raise NotFound(f"Contact {contact_id} of customer {customer_id} does not exist.")
    return contact


def _take_primary(uow: CustomersUnitOfWork, customer_id: uuid.UUID, contact_id: uuid.UUID) -> None:
    """Flushed first: the partial unique index checks row by row, so the old primary must lose its
    flag before the new one gains it."""
    take_over_primary(contact_id, uow.contacts.of_customer(customer_id))
    uow.flush()


def add_contact(uow: CustomersUnitOfWork, customer_id: uuid.UUID, data: dict) -> Contact:
    data = normalise(data, RULES)
    with uow:
        get_customer(uow, customer_id, for_update=True)
        contact_id = uuid.uuid4()
        if data.get("is_primary"):
            _take_primary(uow, customer_id, contact_id)
        contact = Contact.create(customer_id, contact_id, **data)
        uow.contacts.add(contact)
        uow.commit()
        return contact


def update_contact(uow: CustomersUnitOfWork, customer_id: uuid.UUID, contact_id: uuid.UUID, changes: dict,
                   expected: int | None) -> Contact:
    changes = normalise(changes, RULES)
    with uow:
        get_customer(uow, customer_id, for_update=True)
        contact = _get(uow, customer_id, contact_id)
        check_version(contact.version, expected)
        if changes.get("is_primary") and not contact.is_primary:
            _take_primary(uow, customer_id, contact.id)
        contact.update(**changes)
        uow.commit()
        return contact


def delete_contact(uow: CustomersUnitOfWork, customer_id: uuid.UUID, contact_id: uuid.UUID,
                   expected: int | None) -> None:
    with uow:
        get_customer(uow, customer_id, for_update=True)
        contact = _get(uow, customer_id, contact_id)
        check_version(contact.version, expected)
        contact.mark_deleted(contact_data(contact))
        uow.contacts.delete(contact)
        uow.commit()


def list_contacts(uow: CustomersUnitOfWork, customer_id: uuid.UUID, q: str | None = None) -> list[Contact]:
    with uow:
        get_customer(uow, customer_id)
        return uow.contacts.of_customer(customer_id, q)


def read_contact(uow: CustomersUnitOfWork, customer_id: uuid.UUID, contact_id: uuid.UUID) -> Contact:
    with uow:
        return _get(uow, customer_id, contact_id)
