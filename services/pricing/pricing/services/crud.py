"""The create/read/change/delete steps every versioned resource here shares.

Each resource's events are `<kind>.created`, `<kind>.updated`, `<kind>.deleted`; a deletion
carries the resource as it last was, at version + 1, with `"deleted": true`.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable

from b2b_shared.db.paging import keyset_page
from b2b_shared.db.versioned import check_version
from b2b_shared.errors import NotFound, ValidationFailed
from sqlalchemy import Select

from ..adapters.unit_of_work import PricingUnitOfWork
from ..messaging.published import SERIALIZERS


def get(uow: PricingUnitOfWork, model: type, resource_id: uuid.UUID, for_update: bool = False,
        authorize: Callable | None = None):
    """`authorize(resource)` raises when the caller may not reach it: before any version check,
    so a record out of reach answers as one that does not exist would."""
    resource = uow.session.get(model, resource_id, with_for_update=for_update or None)
    if resource is None:
        raise NotFound(f"{model.__name__} {resource_id} does not exist.")
    if authorize:
        authorize(resource)
    return resource


def require(uow: PricingUnitOfWork, model: type, resource_id: uuid.UUID, field: str):
    """A referenced resource that must exist: its absence is the client's field error."""
    resource = uow.session.get(model, resource_id)
    if resource is None:
        raise ValidationFailed({field: [f"No such {model.__name__}."]})
    return resource


def create(uow: PricingUnitOfWork, model: type, kind: str, data: dict, check: Callable | None = None):
    with uow:
        if check:
            check(uow, data)
        resource = model(id=uuid.uuid4(), **data)
        uow.session.add(resource)
        resource.record(f"{kind}.created")
        uow.commit()
        return resource


def update(uow: PricingUnitOfWork, model: type, kind: str, resource_id, changes: dict, expected: int | None,
           check: Callable | None = None, authorize: Callable | None = None):
    with uow:
        resource = get(uow, model, resource_id, for_update=True, authorize=authorize)
        check_version(resource.version, expected)
        if check:
            check(uow, changes)
        resource.change(f"{kind}.updated", **changes)
        uow.commit()
        return resource


def delete(uow: PricingUnitOfWork, model: type, kind: str, resource_id, expected: int | None,
           guard: Callable | None = None, authorize: Callable | None = None) -> None:
    with uow:
        resource = get(uow, model, resource_id, for_update=True, authorize=authorize)
        check_version(resource.version, expected)
        if guard:
            guard(uow, resource)
        resource.record_deletion(f"{kind}.deleted", SERIALIZERS[model](resource))
        uow.session.delete(resource)
        uow.commit()


def read(uow: PricingUnitOfWork, model: type, resource_id, authorize: Callable | None = None):
    with uow:
        return get(uow, model, resource_id, authorize=authorize)


def page(uow: PricingUnitOfWork, stmt: Select, sort, id_column, limit: int, cursor: str | None):
    with uow:
        return keyset_page(uow.session, stmt, sort, id_column, limit, cursor)
