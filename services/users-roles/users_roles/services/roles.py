"""Roles: global (customer_id null, staff only) or of one customer (its administrator may
manage them when they are self-managed). A role can grant no more than its author holds."""
from __future__ import annotations

import re
import uuid

from b2b_shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from b2b_shared.http.etag import check_version
from b2b_shared.validation import require

from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.model import Role
from ..domain.permissions import Level, normalise_permissions
from ..domain.predefined import PREDEFINED_ROLES
from ..messaging.published import SERIALIZERS
from .actors import Actor, authorize, levels_of


def get_role(uow: UsersRolesUnitOfWork, role_id: uuid.UUID, for_update: bool = False) -> Role:
    role = uow.roles.get(role_id, for_update=for_update)
    if role is None:
        raise NotFound(f"Role {role_id} does not exist.")
    return role


def name_from(label: str) -> str:
    return (re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_") or "ROLE")[:100]


def _permissions(uow: UsersRolesUnitOfWork, actor: Actor, raw: list[dict]) -> list[dict]:
    try:
        permissions = normalise_permissions(raw)
    except ValueError as error:
        raise ValidationFailed({"permissions": [str(error)]}) from None
    if not actor.unrestricted:
        own = levels_of(uow, actor)
        if any(Level[p["access_level"]] > own[(p["resource"], p["action"])] for p in permissions):
            raise Forbidden("A role you write cannot grant more than your own roles do.")
    return permissions


def _may_manage(uow: UsersRolesUnitOfWork, actor: Actor, role: Role, action: str) -> None:
    if actor.unrestricted:
        return
    if role.customer_id is None or not role.self_managed:
        raise Forbidden("Only staff may change global roles and roles that are not self-managed.")
    authorize(uow, actor, "role", action, role.customer_id)


def create_role(uow: UsersRolesUnitOfWork, actor: Actor, data: dict) -> Role:
    with uow:
        if data["customer_id"] is not None:
            customer = uow.customers.get(data["customer_id"])
            require(customer is not None and customer.status == "active", "customer_id", "No such active customer.")
        role = Role(id=uuid.uuid4(), name=data.get("name") or name_from(data["label"]), label=data["label"],
                    customer_id=data["customer_id"], self_managed=data["self_managed"] or not actor.unrestricted,
                    permissions=_permissions(uow, actor, data["permissions"]))
        _may_manage(uow, actor, role, "CREATE")
        uow.roles.add(role)
        role.record("role.created")
        uow.commit()
        return role


def read_role(uow: UsersRolesUnitOfWork, actor: Actor, role_id: uuid.UUID) -> Role:
    with uow:
        role = get_role(uow, role_id)
        if role.customer_id is not None:
            authorize(uow, actor, "role", "VIEW", role.customer_id)
        return role


def list_roles(uow: UsersRolesUnitOfWork, actor: Actor, customer_id, include_global: bool, sort, limit, cursor):
    with uow:
        if not actor.unrestricted:
            require(customer_id is not None, "customer_id", "Name the customer whose roles to list.")
            authorize(uow, actor, "role", "VIEW", customer_id)
        ids = [customer_id] if customer_id else None
        return uow.roles.page(ids, include_global, sort, limit, cursor)


def update_role(uow: UsersRolesUnitOfWork, actor: Actor, role_id: uuid.UUID, changes: dict, expected) -> Role:
    with uow:
        role = get_role(uow, role_id, for_update=True)
        check_version(role.version, expected)
        _may_manage(uow, actor, role, "EDIT")
        if "permissions" in changes:
            changes["permissions"] = _permissions(uow, actor, changes["permissions"])
        if not actor.unrestricted:
            changes.pop("self_managed", None)  # a customer administrator cannot lock itself out
        role.change("role.updated", **changes)
        uow.commit()
        return role


def delete_role(uow: UsersRolesUnitOfWork, actor: Actor, role_id: uuid.UUID, expected) -> None:
    with uow:
        role = get_role(uow, role_id, for_update=True)
        check_version(role.version, expected)
        _may_manage(uow, actor, role, "DELETE")
        if role.customer_id is None and role.name in PREDEFINED_ROLES:
            raise Conflict("Predefined roles cannot be deleted.")
        if uow.roles.is_assigned(role.id):
            raise Conflict("Users hold this role: take it from them first.")
        role.record_deletion("role.deleted", SERIALIZERS[Role](role))
        uow.roles.delete(role)
        uow.commit()
