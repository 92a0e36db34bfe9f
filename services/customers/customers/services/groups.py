"""Customer group use cases."""
from __future__ import annotations

import uuid

from b2b_shared.errors import Conflict, NotFound
from b2b_shared.http.etag import check_version
from b2b_shared.http.pagination import keyset_page
from sqlalchemy import exists, or_, select

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..api.schemas import GroupSchema
from ..domain.model import Customer, CustomerGroup


def _get(uow: CustomersUnitOfWork, group_id: uuid.UUID, for_update: bool = False) -> CustomerGroup:
    group = uow.session.get(CustomerGroup, group_id, with_for_update=for_update or None)
    if group is None:
        raise NotFound(f"Customer group {group_id} does not exist.")
    return group


def create_group(uow: CustomersUnitOfWork, data: dict) -> CustomerGroup:
    with uow:
        group = CustomerGroup(id=uuid.uuid4(), **data)
        uow.session.add(group)
        group.record("customer_group.created")
        uow.commit()
        return group


def update_group(uow: CustomersUnitOfWork, group_id: uuid.UUID, changes: dict, expected: int | None) -> CustomerGroup:
    with uow:
        group = _get(uow, group_id, for_update=True)
        check_version(group.version, expected)
        group.change("customer_group.updated", **changes)
        uow.commit()
        return group


def delete_group(uow: CustomersUnitOfWork, group_id: uuid.UUID, expected: int | None) -> None:
    with uow:
        group = _get(uow, group_id, for_update=True)
        check_version(group.version, expected)
        if uow.session.scalar(select(exists().where(Customer.group_id == group_id))):
            raise Conflict("Customers belong to this group: move them to another group first.")
        group.record_deletion("customer_group.deleted", GroupSchema().dump(group))
        uow.session.delete(group)
        uow.commit()


def read_group(uow: CustomersUnitOfWork, group_id: uuid.UUID) -> CustomerGroup:
    with uow:
        return _get(uow, group_id)


def list_groups(uow: CustomersUnitOfWork, q: str | None, sort, limit: int, cursor: str | None):
    stmt = select(CustomerGroup)
    if q:
        pattern = f"%{q}%"
        stmt = stmt.where(or_(CustomerGroup.name.ilike(pattern), CustomerGroup.code.ilike(pattern)))
    with uow:
        return keyset_page(uow.session, stmt, sort, CustomerGroup.id, limit, cursor)
