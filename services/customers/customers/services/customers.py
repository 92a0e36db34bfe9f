"""Customer use cases: create, change, move in the hierarchy, delete, read."""
from __future__ import annotations

import uuid

from b2b_shared.auth.principal import CUSTOMER_USER
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.validation import normalise, require

from ..adapters.repository import CustomerFilters
from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain import values
from ..domain.back_office import back_office_fields_in
from ..domain.consumers import PERSON_FIELDS, person_name_errors
from ..domain.hierarchy import check_no_cycle
from ..domain.model import Customer
from ..messaging.published import customer_data
from .staff import unknown_staff_errors

VALUE_RULES = {"phone": values.phone_e164, "vat_id": values.vat_id, "tags": values.tags}


def get_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID, for_update: bool = False) -> Customer:
    customer = uow.customers.get(customer_id, for_update=for_update)
    if customer is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    return customer


def _check_fields(uow: CustomersUnitOfWork, data: dict, customer_type: str) -> None:
    """The rules that read the database or span fields, every failure reported at once."""
    errors = person_name_errors(customer_type, data)
    if data.get("group_id") is not None and uow.groups.get(data["group_id"]) is None:
        errors["group_id"] = ["No such customer group."]
    if data.get("sales_rep_ids"):
        errors.update(unknown_staff_errors(uow, "sales_rep_ids", data["sales_rep_ids"]))
    if errors:
        raise ValidationFailed(errors)


def _parent_lineage(uow: CustomersUnitOfWork, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
    """Caller holds the hierarchy lock, so the lineage read here cannot change before commit."""
    if parent_id is None:
        return []
    parent = uow.customers.get(parent_id)
    require(parent is not None, "parent_id", NO_SUCH_PARENT)
    return list(parent.lineage)


NO_SUCH_PARENT = "No such customer."


def _check_caller_may_set(access: Access, fields: dict) -> None:
    """Customer users never set back-office fields (domain/back_office.py), even on their own company."""
    if access.principal.kind == CUSTOMER_USER and (refused := back_office_fields_in(fields)):
        raise Forbidden(f"Only back-office staff may set: {', '.join(refused)}.")


def _person_names(customer: Customer, changes: dict) -> dict:
    return {name: changes.get(name, getattr(customer, name)) for name in PERSON_FIELDS}


def _new_sales_reps(customer: Customer, changes: dict) -> dict:
    """The changes to check: a sales representative already named (perhaps since deleted) is left be."""
    reps = [rep for rep in changes.get("sales_rep_ids") or [] if rep not in customer.sales_rep_ids]
    return {**changes, "sales_rep_ids": reps}


def _check_parent_reachable(access: Access, parent_id: uuid.UUID | None) -> None:
    """A new parent must be one the caller may edit under; a root only an unrestricted caller makes.
    A foreign parent and an unknown one get the same answer, so existence does not leak."""
    if parent_id is None:
        if not access.unrestricted:
            raise Forbidden("Only administrators may create or move a customer to the top of a hierarchy.")
        return
    access.check(parent_id, otherwise=ValidationFailed({"parent_id": [NO_SUCH_PARENT]}))


def create_customer(uow: CustomersUnitOfWork, access: Access, data: dict) -> Customer:
    data = normalise(data, VALUE_RULES)
    # The parent is checked for reach below; a new subsidiary is active by default, which escalates nothing.
    _check_caller_may_set(access, {k: v for k, v in data.items()
                                   if k != "parent_id" and (k, v) != ("status", "active")})
    _check_parent_reachable(access, data.get("parent_id"))
    with uow:
        if data.get("parent_id"):
            uow.customers.lock_hierarchy()
        _check_fields(uow, data, data.get("type") or "business")
        customer = Customer.create(_parent_lineage(uow, data.get("parent_id")), **data)
        uow.customers.add(customer)
        uow.commit()
        return customer


def update_customer(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, changes: dict,
                    expected: int | None) -> Customer:
    changes = normalise(changes, VALUE_RULES)
    _check_caller_may_set(access, changes)
    new_parent = changes.pop("parent_id", ...)
    if new_parent is not ...:
        _check_parent_reachable(access, new_parent)
    with uow:
        if new_parent is not ...:
            uow.customers.lock_hierarchy()
        customer = get_customer(uow, customer_id, for_update=True)
        check_version(customer.version, expected)
        _check_fields(uow, {**_new_sales_reps(customer, changes), **_person_names(customer, changes)},
                      changes.get("type", customer.type))
        customer.update(**changes)
        if new_parent is not ...:
            _move(uow, customer, new_parent)
        uow.commit()
        return customer


def move_customer(uow: CustomersUnitOfWork, access: Access, customer_id: uuid.UUID, parent_id,
                  expected: int | None) -> Customer:
    _check_caller_may_set(access, {"parent_id": parent_id or "root"})
    _check_parent_reachable(access, parent_id)
    with uow:
        uow.customers.lock_hierarchy()
        customer = get_customer(uow, customer_id, for_update=True)
        check_version(customer.version, expected)
        _move(uow, customer, parent_id)
        uow.commit()
        return customer


def _move(uow: CustomersUnitOfWork, customer: Customer, parent_id: uuid.UUID | None) -> None:
    if parent_id == customer.parent_id:
        return
    parent_lineage = _parent_lineage(uow, parent_id)
    check_no_cycle(customer.id, parent_lineage)
    old_depth = len(customer.lineage)
    customer.move_to(parent_id, parent_lineage)
    uow.customers.reroot_subtree(customer.id, old_depth, customer.lineage)


def delete_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID, expected: int | None) -> None:
    with uow:
        uow.customers.lock_hierarchy()
        customer = get_customer(uow, customer_id, for_update=True)
        check_version(customer.version, expected)
        if uow.customers.has_children(customer_id):
            raise Conflict("This customer has subsidiaries: move or delete them first.")
        customer.mark_deleted(customer_data(customer))
        uow.customers.delete(customer)
        uow.commit()


def list_customers(uow: CustomersUnitOfWork, filters: CustomerFilters, sort, limit: int, cursor: str | None):
    with uow:
        return uow.customers.page(filters, sort, limit, cursor)


def ancestors(uow: CustomersUnitOfWork, customer_id: uuid.UUID, within=None):
    """The ancestors `within` (the caller's Access) reaches, root first, each with its depth."""
    with uow:
        relatives = uow.customers.ancestors(customer_id, within)
        if relatives is None:
            raise NotFound(f"Customer {customer_id} does not exist.")
        return relatives


def descendants(uow: CustomersUnitOfWork, customer_id: uuid.UUID, limit: int, cursor: str | None, within=None):
    with uow:
        get_customer(uow, customer_id)
        return uow.customers.descendants_page(customer_id, limit, cursor, within)


def read_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID):
    """The customer as GET shows it (a row of its fields, not an entity to change)."""
    with uow:
        customer = uow.customers.read(customer_id)
    if customer is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    return customer


def tag_counts(uow: CustomersUnitOfWork, prefix: str | None, limit: int):
    with uow:
        return uow.customers.tag_counts(prefix, limit)
