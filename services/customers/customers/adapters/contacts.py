"""The contacts of a customer: listed by name, searched by name, email or phone."""
from __future__ import annotations

import re
import uuid

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..domain.contacts import Contact
from ..domain.model import NAME_COLLATION

MIN_PHONE_DIGITS = 3  # fewer digits in a search term would match nearly every number


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(q: str):
    """A contact whose name or an email contains `q` (any case), or a phone whose digits contain its digits
    (`030 765` finds +49307654321).
    A customer has a handful of contacts: the scan stays within one customer's rows (the index on customer_id)."""
    pattern = _like(q.lower())
    name = func.lower(func.concat_ws(" ", Contact.first_name, Contact.last_name))
    conditions = [name.like(pattern), func.lower(func.array_to_string(Contact.emails, " ")).like(pattern)]
    # Numbers are stored in E.164; a number typed the national way starts with a trunk 0 that E.164 drops.
    digits = re.sub(r"\D", "", q).lstrip("0")
    if len(digits) >= MIN_PHONE_DIGITS:
        conditions.append(func.array_to_string(Contact.phones, " ").like(_like(digits)))
    return or_(*conditions)


class ContactRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, contact_id: uuid.UUID) -> Contact | None:
        return self.session.get(Contact, contact_id)

    def add(self, contact: Contact) -> None:
        self.session.add(contact)

    def delete(self, contact: Contact) -> None:
        self.session.delete(contact)

    def of_customer(self, customer_id: uuid.UUID, q: str | None = None) -> list[Contact]:
        """The customer's contacts, primary first, then by last and first name as people read them."""
        stmt = select(Contact).where(Contact.customer_id == customer_id)
        if q:
            stmt = stmt.where(matches(q))
        order = (Contact.is_primary.desc(), Contact.last_name.collate(NAME_COLLATION),
                 Contact.first_name.collate(NAME_COLLATION), Contact.id)
        return list(self.session.scalars(stmt.order_by(*order)))
