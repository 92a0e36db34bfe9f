"""A consumer customer is a person: it carries a first and last name beside its display `name`
(seed 003). A business is known by its name alone; its people are its contacts (domain/contacts.py)."""
from __future__ import annotations

PERSON_FIELDS = ("first_name", "last_name")


def person_name_errors(customer_type: str, fields: dict) -> dict[str, list[str]]:
    """Field errors for a first or last name given to a customer that is not a consumer."""
    if customer_type == "consumer":
        return {}
    return {name: ["Only a consumer customer has a first and last name; a business has contacts."]
            for name in PERSON_FIELDS if fields.get(name)}
