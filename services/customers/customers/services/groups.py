"""Customer group use cases."""
from __future__ import annotations

import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Conflict, NotFound

from ..adapters.unit_of_work import CustomersUnitOfWork
from ..domain.model import CustomerGroup
from ..messaging.published import group_data


def _get(uow: CustomersUnitOfWork, group_id: uuid.UUID, for_update: bool = False) -> CustomerGroup:
    group = uow.groups.get(group_id, for_update=for_update)
    if group is None:
        raise NotFound(f"Customer group {group_id} does not exist.")
    return group


def create_group(uow: CustomersUnitOfWork, data: dict) -> CustomerGroup:
    with uow:
        group = CustomerGroup.create(**data)
        uow.groups.add(group)
        uow.commit()
        return group


def update_group(uow: CustomersUnitOfWork, group_id: uuid.UUID, changes: dict, expected: int | None) -> CustomerGroup:
    with uow:
        group = _get(uow, group_id, for_update=True)
        check_version(group.version, expected)
        group.update(**changes)
        uow.commit()
        return group


def delete_group(uow: CustomersUnitOfWork, group_id: uuid.UUID, expected: int | None) -> None:
    with uow:
        group = _get(uow, group_id, for_update=True)
        check_version(group.version, expected)
        if uow.groups.has_members(group_id):
            raise Conflict("Customers belong to this group: move them to another group first.")
        group.mark_deleted(group_data(group))
        uow.groups.delete(group)
        uow.commit()


def read_group(uow: CustomersUnitOfWork, group_id: uuid.UUID) -> CustomerGroup:
    with uow:
        return _get(uow, group_id)


def list_groups(uow: CustomersUnitOfWork, q: str | None, sort, limit: int, cursor: str | None):
    with uow:
        return uow.groups.page(q, sort, limit, cursor)
