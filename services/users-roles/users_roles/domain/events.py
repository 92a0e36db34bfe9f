"""The events the users-roles domain records, by name. Their data is the resource as it now is
(messaging/published.py renders it); the names are our contract with other teams (asyncapi.yaml)."""
from __future__ import annotations

from dataclasses import dataclass

CUSTOMER_USER_CREATED = "customer_user.created"
CUSTOMER_USER_UPDATED = "customer_user.updated"
CUSTOMER_USER_DISABLED = "customer_user.disabled"  # by hand, or because its customer stopped being active
CUSTOMER_USER_DELETED = "customer_user.deleted"

STAFF_USER_CREATED = "staff_user.created"
STAFF_USER_UPDATED = "staff_user.updated"
STAFF_USER_DISABLED = "staff_user.disabled"
STAFF_USER_DELETED = "staff_user.deleted"

ROLE_CREATED = "role.created"
ROLE_UPDATED = "role.updated"
ROLE_DELETED = "role.deleted"


@dataclass(frozen=True)
class UserEvents:
    """The events of one kind of user: customer users and staff users change alike (model.User)."""

    created: str
    updated: str
    disabled: str
    deleted: str


CUSTOMER_USER_EVENTS = UserEvents(CUSTOMER_USER_CREATED, CUSTOMER_USER_UPDATED, CUSTOMER_USER_DISABLED,
                                  CUSTOMER_USER_DELETED)
STAFF_USER_EVENTS = UserEvents(STAFF_USER_CREATED, STAFF_USER_UPDATED, STAFF_USER_DISABLED, STAFF_USER_DELETED)
