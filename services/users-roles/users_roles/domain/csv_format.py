"""The customer users CSV: the columns the import template reads and the export writes, in one place
(the import service's importer/domain/templates.py writes the same ones down).

No password column: an imported user has no password (adapters/passwords.py NO_PASSWORD) and
cannot sign in until an administrator sets one."""
from __future__ import annotations

COLUMNS = [
    "email",  # the key, compared case-insensitively
    "first_name",
    "last_name",
    "phone",
    "customer_id",  # the user's customer by id, when it has no external id (an export writes both)
    "customer_external_id",  # the user's customer, by its external id
    "roles",  # role names, global or the customer's own
    "enabled",  # true or false
]
REQUIRED = ["email", "first_name", "last_name"]  # and the customer, by either column
LIST_SEPARATOR = ";"
