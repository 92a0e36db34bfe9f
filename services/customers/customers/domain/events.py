"""The events the customers domain records, by name. Their data is the resource as it now is
(messaging/published.py renders it); the names are our contract with other teams (asyncapi.yaml)."""
from __future__ import annotations

CUSTOMER_CREATED = "customer.created"
CUSTOMER_UPDATED = "customer.updated"
CUSTOMER_MOVED = "customer.moved"  # payload: previous_parent_id
CUSTOMER_DELETED = "customer.deleted"

GROUP_CREATED = "customer_group.created"
GROUP_UPDATED = "customer_group.updated"
GROUP_DELETED = "customer_group.deleted"

ADDRESS_CREATED = "customer_address.created"
ADDRESS_UPDATED = "customer_address.updated"
ADDRESS_DELETED = "customer_address.deleted"

NOTE_CREATED = "customer_note.created"
NOTE_UPDATED = "customer_note.updated"
NOTE_DELETED = "customer_note.deleted"

CONTACT_CREATED = "customer_contact.created"
CONTACT_UPDATED = "customer_contact.updated"
CONTACT_DELETED = "customer_contact.deleted"

TASK_CREATED = "customer_task.created"
TASK_UPDATED = "customer_task.updated"
TASK_DELETED = "customer_task.deleted"
