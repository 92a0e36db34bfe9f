"""Roles: global (customer_id null, staff only) or of one customer (its administrator may
manage them when they are self-managed). A role can grant no more than its author holds."""
from __future__ import annotations

import re
import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.validation import require

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.model import Role
from ..domain.permissions import Level, normalise_permissions
from ..domain.predefined import PREDEFINED_ROLES
from ..messaging.published import role_data
from .actors import own_levels


def get_role(uow: UsersRolesUnitOfWork, role_id: uuid.UUID, for_update: bool = False) -> Role:
    role = uow.roles.get(role_id, for_update=for_update)
    if role is None:
        raise NotFound(f"Role {role_id} does not exist.")
    return role


def name_from(label: str) -> str:
    """The label in UPPER_SNAKE_CASE, starting with a letter as every role name must ("2nd line" -> ROLE_2ND_LINE)."""
    name = re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")
    return (name if name[:1].isalpha() else f"ROLE_{name}".rstrip("_"))[:100]


def _permissions(access: Access, raw: list[dict]) -> list[dict]:
    try:
        permissions = normalise_permissions(raw)
    except ValueError as error:
        raise ValidationFailed({"permissions": [str(error)]}) from None
    own = own_levels(access)
    if own is not None and any(Level[p["access_level"]] > own.get((p["resource"], p["action"]), Level.NONE)
                               for p in permissions):
        raise Forbidden("A role you write cannot grant more than your own roles do.")
    return permissions


def _check_reach(access: Access, role: Role) -> None:
    """A role of a customer out of the caller's reach answers like one that does not exist."""
    if role.customer_id is not None:
        access.check(role.customer_id, otherwise=NotFound(f"Role {role.id} does not exist."))


def _may_manage(access: Access, role: Role) -> None:
    if access.unrestricted:
        return
    _check_reach(access, role)
    if role.customer_id is None or not role.self_managed:
        raise Forbidden("Only administrators may change global roles and roles that are not self-managed.")


def create_role(uow: UsersRolesUnitOfWork, access: Access, data: dict) -> Role:
    with uow:
        if data["customer_id"] is not None:
            customer = uow.customers.get(data["customer_id"])
            require(customer is not None and customer.status == "active", "customer_id", "No such active customer.")
            access.check(customer.id, otherwise=ValidationFailed({"customer_id": ["No such active customer."]}))
        role = Role.create(name=data.get("name") or name_from(data["label"]), label=data["label"],
                           customer_id=data["customer_id"], self_managed=data["self_managed"] or not access.unrestricted,
                           permissions=_permissions(access, data["permissions"]))
        _may_manage(access, role)
        uow.roles.add(role)
        uow.commit()
        return role


def read_role(uow: UsersRolesUnitOfWork, access: Access, role_id: uuid.UUID) -> Role:
    with uow:
        role = get_role(uow, role_id)
        _check_reach(access, role)
        return role


def list_roles(uow: UsersRolesUnitOfWork, access: Access, customer_id, include_global: bool, sort, limit, cursor):
    with uow:
        ids = [customer_id] if customer_id else None
        return uow.roles.page(ids, include_global, sort, limit, cursor, within=access)


def update_role(uow: UsersRolesUnitOfWork, access: Access, role_id: uuid.UUID, changes: dict, expected) -> Role:
    with uow:
        role = get_role(uow, role_id, for_update=True)
        _may_manage(access, role)
        check_version(role.version, expected)
        if "permissions" in changes:
            changes["permissions"] = _permissions(access, changes["permissions"])
        if not access.unrestricted:
            changes.pop("self_managed", None)  # a customer administrator cannot lock itself out
        role.update(**changes)
        uow.commit()
        return role


def delete_role(uow: UsersRolesUnitOfWork, access: Access, role_id: uuid.UUID, expected) -> None:
    with uow:
        role = get_role(uow, role_id, for_update=True)
        _may_manage(access, role)
        check_version(role.version, expected)
        if role.customer_id is None and role.name in PREDEFINED_ROLES:
            raise Conflict("Predefined roles cannot be deleted.")
        if uow.roles.is_assigned(role.id):
            raise Conflict("Users hold this role: take it from them first.")
        role.mark_deleted(role_data(role))
        uow.roles.delete(role)
        uow.commit()
