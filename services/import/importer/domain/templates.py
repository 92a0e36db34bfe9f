"""Each entity's CSV columns: the one place they are written down. The template, the upload's
header check and the export use them; the owning service reads the same columns
(customers/domain/csv_format.py for customers; tests/contracts holds the two together).

`key` and `parent` name the columns that order a hierarchy inside one file: a row whose `parent`
is another row's `key` is applied after it, whatever their order in the file.

Every entity exports, in its template's columns, so that an export imports back unchanged."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Template:
    entity: str
    owner: str  # the service that applies the rows
    resource: str  # the permission every row needs: CREATE and EDIT to import, VIEW to export
    columns: tuple[str, ...]
    required: tuple[str, ...]
    example: dict[str, str]
    key: str | None = None
    parent: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    # False: unrestricted (a back-office administrator). True: within the user's reach, decided row by
    # row by the owner; importing needs the right beyond one's own records (a customer's administrator).
    scoped: bool = False


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
    "customer_addresses": Template(
        entity="customer_addresses",
        owner="customers",
        resource="customer_address",
        columns=("id", "customer_id", "customer_external_id", "label", "types", "default_billing", "default_shipping",
                 "first_name", "last_name", "organization", "street", "street2", "city", "region_code",
                 "postal_code", "country_code", "phone"),
        required=("street", "city", "country_code", "types"),
        example={"customer_external_id": "ACME-001", "label": "Head office", "types": "billing;shipping",
                 "default_billing": "true", "default_shipping": "true", "organization": "Acme Corporation",
                 "street": "1 Market St", "city": "San Francisco", "region_code": "US-CA", "postal_code": "94105",
                 "country_code": "US", "phone": "+14155550100"},
        notes={"id": "empty for a new address; an export fills it, so a re-import updates the same address",
               "customer_external_id": "the customer by external id; or leave it empty and give customer_id",
               "label": "without an id, an address of the same customer with this label is updated",
               "types": "billing, shipping or both, separated by ';'",
               "default_billing": "true makes it the customer's default (the previous one loses it)",
               "country_code": "ISO 3166 alpha-2; region_code ISO 3166-2 (US-CA)"},
    ),
    "customer_users": Template(
        entity="customer_users",
        owner="users-roles",
        resource="customer_user",
        scoped=True,
        columns=("email", "first_name", "last_name", "phone", "customer_id", "customer_external_id", "roles",
                 "enabled"),
        required=("email", "first_name", "last_name"),
        example={"email": "amanda.smith@acme.example", "first_name": "Amanda", "last_name": "Smith",
                 "phone": "+14155550100", "customer_id": "", "customer_external_id": "ACME-001",
                 "roles": "ADMINISTRATOR;BUYER", "enabled": "true"},
        notes={"email": "the key, any case: an existing customer user is updated",
               "customer_id": "the user's customer by id, when it has no external id (an export fills both)",
               "customer_external_id": "the user's customer by its external id; a user cannot move to another. "
                                       "A customer's administrator names its own customer (and subsidiaries) only",
               "roles": LIST_NOTE + ": role names, global or the customer's own; empty: BUYER for a new user, "
                        "unchanged for an existing one",
               "enabled": "true or false; empty: true for a new user, unchanged for an existing one",
               "phone": "with its country code"},
    ),
    "prices": Template(
        entity="prices",
        owner="pricing",
        resource="price_list",
        columns=("price_list", "sku", "unit", "currency", "quantity", "value"),
        required=("price_list", "sku", "currency", "value"),
        example={"price_list": "Retail EUR", "sku": "WIDGET-100", "unit": "item", "currency": "EUR",
                 "quantity": "10", "value": "12.50"},
        notes={"price_list": "the price list's name, exactly; a name several lists share fails the row",
               "unit": "empty: item",
               "currency": "ISO 4217, one of the price list's currencies",
               "quantity": "the tier's minimum quantity, zero or more; empty: 1. With price_list, sku, unit and "
                           "currency it is the key: an existing price is updated",
               "value": "a decimal with a point (12.50), zero or more"},
    ),
    "price_list_assignments": Template(
        entity="price_list_assignments",
        owner="pricing",
        resource="price_list",
        columns=("price_list", "level", "target_id", "priority", "merge_allowed"),
        required=("price_list", "level"),
        example={"price_list": "Retail EUR", "level": "customer", "target_id": "3f2b6c1e-8d4a-4f7b-9c2e-5a1d0e7b4c93",
                 "priority": "10", "merge_allowed": "true"},
        notes={"price_list": "the price list's name, exactly; a name several lists share fails the row",
               "level": "customer, customer_group or default; with price_list and target_id it is the key",
               "target_id": "the customer's or customer group's id (as the API shows it); empty for default",
               "priority": "an integer, lower wins; empty: 0",
               "merge_allowed": "true or false; empty: true"},
    ),
}

ENTITIES = tuple(TEMPLATES)
# The entities whose owner answers export pages (b2b_shared.messaging.export_pages): all of them.
EXPORTABLE = ENTITIES


def template_for(entity: str) -> Template:
    return TEMPLATES[entity]


def resource_of(entity: str) -> str:
    return TEMPLATES[entity].resource
