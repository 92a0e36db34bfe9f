"""Customer use cases: create, change, move in the hierarchy, delete, read."""
from __future__ import annotations

import uuid

from b2b_shared.errors import Conflict, NotFound
from b2b_shared.http.etag import check_version
from b2b_shared.validation import normalise, require

from ..adapters.repository import CustomerFilters
from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain import values
from ..domain.hierarchy import check_no_cycle
from ..domain.model import Customer, CustomerGroup
from ..messaging.published import customer_data

VALUE_RULES = {"phone": values.phone_e164, "vat_id": values.vat_id, "tags": values.tags}


def get_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID, for_update: bool = False) -> Customer:
    customer = uow.customers.get(customer_id, for_update=for_update)
    if customer is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    return customer


def _check_group(uow: CustomersUnitOfWork, data: dict) -> None:
    if data.get("group_id") is not None:
        require(uow.session.get(CustomerGroup, data["group_id"]) is not None, "group_id", "No such customer group.")


def _parent_lineage(uow: CustomersUnitOfWork, parent_id: uuid.UUID | None) -> list[uuid.UUID]:
    """Caller holds the hierarchy lock, so the lineage read here cannot change before commit."""
    if parent_id is None:
        return []
    parent = uow.customers.get(parent_id)
    require(parent is not None, "parent_id", "No such customer.")
    return list(parent.lineage)


def create_customer(uow: CustomersUnitOfWork, data: dict) -> Customer:
    data = normalise(data, VALUE_RULES)
    with uow:
        if data.get("parent_id"):
            uow.customers.lock_hierarchy()
        _check_group(uow, data)
        customer = Customer(id=uuid.uuid4(), **data)
        customer.place_under(_parent_lineage(uow, data.get("parent_id")))
        uow.customers.add(customer)
        customer.record("customer.created")
        uow.commit()
        return customer


def update_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID, changes: dict, expected: int | None) -> Customer:
    changes = normalise(changes, VALUE_RULES)
    new_parent = changes.pop("parent_id", ...)
    with uow:
        if new_parent is not ...:
            uow.customers.lock_hierarchy()
        customer = get_customer(uow, customer_id, for_update=True)
        check_version(customer.version, expected)
        _check_group(uow, changes)
        customer.change("customer.updated", **changes)
        if new_parent is not ...:
            _move(uow, customer, new_parent)
        uow.commit()
        return customer


def move_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID, parent_id, expected: int | None) -> Customer:
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
        customer.record_deletion("customer.deleted", customer_data(customer))
        uow.customers.delete(customer)
        uow.commit()


def list_customers(uow: CustomersUnitOfWork, filters: CustomerFilters, sort, limit: int, cursor: str | None):
    with uow:
        return uow.customers.page(filters, sort, limit, cursor)


def ancestors(uow: CustomersUnitOfWork, customer_id: uuid.UUID):
    with uow:
        found = uow.customers.ancestors(customer_id)
        if found is None:
            raise NotFound(f"Customer {customer_id} does not exist.")
        return found


def descendants(uow: CustomersUnitOfWork, customer_id: uuid.UUID, limit: int, cursor: str | None):
    with uow:
        get_customer(uow, customer_id)
        return uow.customers.descendants_page(customer_id, limit, cursor)


def read_customer(uow: CustomersUnitOfWork, customer_id: uuid.UUID) -> Customer:
    with uow:
        return get_customer(uow, customer_id)


def tag_counts(uow: CustomersUnitOfWork, prefix: str | None, limit: int):
    with uow:
        return uow.customers.tag_counts(prefix, limit)
