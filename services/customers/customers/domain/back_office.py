"""Fields only the back office sets on a customer.

A customer's own users may edit their company's name, contacts and addresses, but never what
decides their prices, terms or oversight: a buyer moving its company into a better-priced group
or naming its own sales representative would be privilege escalation by data.
"""
from __future__ import annotations

BACK_OFFICE_FIELDS = frozenset({"group_id", "sales_rep_ids", "status", "parent_id", "external_id", "tax_code"})


def back_office_fields_in(fields: dict) -> list[str]:
    return sorted(BACK_OFFICE_FIELDS & {name for name, value in fields.items() if value not in (None, [], "")})
