"""Each entity's CSV columns: the one place they are written down. The template, the upload's
header check and the export use them; the owning service reads the same columns
(customers/domain/csv_format.py for customers; tests/contracts holds the two together).

`key` and `parent` name the columns that order a hierarchy inside one file: a row whose `parent`
is another row's `key` is applied after it, whatever their order in the file."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Template:
    entity: str
    owner: str  # the service that applies the rows
    resource: str  # the permission every row needs, CREATE and EDIT, unrestricted
    columns: tuple[str, ...]
    required: tuple[str, ...]
    example: dict[str, str]
    key: str | None = None
    parent: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


LIST_NOTE = "several values separated by ';'"

TEMPLATES = {
    "customers": Template(
        entity="customers",
        owner="customers",
        resource="customer",
        columns=("id", "external_id", "name", "type", "status", "parent_id", "parent_external_id", "group_code", "email",
                 "phone", "tax_code", "vat_id", "tags", "sales_rep_ids"),
        required=("name",),
        example={"external_id": "ACME-001", "name": "Acme Corporation", "type": "business", "status": "active",
                 "parent_id": "", "parent_external_id": "", "group_code": "", "email": "buyers@acme.example",
                 "phone": "+14155550100", "tax_code": "", "vat_id": "", "tags": "vip;west", "sales_rep_ids": ""},
        key="external_id",
        parent="parent_external_id",
        notes={"id": "empty for a new customer; an export fills it, so a re-import updates the same customer",
               "parent_id": "the parent by id, when it has no external id (an export fills both)",
               "tags": LIST_NOTE, "sales_rep_ids": LIST_NOTE},
    ),
    "customer_groups": Template(
        entity="customer_groups",
        owner="customers",
        resource="customer_group",
        columns=("code", "name"),
        required=("code", "name"),
        example={"code": "wholesale", "name": "Wholesale buyers"},
        notes={"code": "the key: an existing code is updated"},
    ),
}

ENTITIES = tuple(TEMPLATES)


def template_for(entity: str) -> Template:
    return TEMPLATES[entity]


def resource_of(entity: str) -> str:
    return TEMPLATES[entity].resource
