"""Customer users: create, read, list, change (roles too), disable, delete, set a password."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import Forbidden, NotFound, ValidationFailed
from b2b_shared.http.access import Access
from b2b_shared.validation import normalise, require

from ..adapters.passwords import NO_PASSWORD, Passwords
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain import values
from ..domain.model import CustomerUser, Role
from ..messaging.published import customer_user_data
from .actors import check_user

RULES = {"email": values.email, "phone": values.phone_e164, "password": values.password}
DEFAULT_ROLE = "BUYER"


def get_user(uow: UsersRolesUnitOfWork, user_id: uuid.UUID, for_update: bool = False) -> CustomerUser:
    user = uow.users.get(user_id, CustomerUser, for_update=for_update)
    if user is None:
        raise NotFound(f"Customer user {user_id} does not exist.")
    return user


def _roles_for(uow: UsersRolesUnitOfWork, access: Access, customer_id: uuid.UUID, role_ids) -> list[Role]:
    if role_ids is None:
        return [uow.roles.global_named(DEFAULT_ROLE)]
    roles = uow.roles.many(list(set(role_ids)))
    require(len(roles) == len(set(role_ids)), "role_ids", "No such role.")
    require(all(r.customer_id in (None, customer_id) for r in roles), "role_ids",
            "A user can hold global roles and roles of its own customer only.")
    if not access.unrestricted:
        access.to("customer_user", "ASSIGN").check(customer_id, otherwise=Forbidden("You may not assign roles here."))
        if not all(role.self_managed for role in roles):
            raise Forbidden("A customer administrator can assign self-managed roles only.")
    return roles


NO_SUCH_CUSTOMER = "No such active customer."


def create_user(uow: UsersRolesUnitOfWork, passwords: Passwords | None, access: Access, data: dict) -> CustomerUser:
    """Without a `password` (an import), the user has none and cannot sign in until one is set."""
    data = normalise(data, RULES)
    password = data.pop("password", None)
    # Hashing is slow on purpose: outside the transaction.
    password_hash = passwords.hash(password) if password is not None else NO_PASSWORD
    role_ids = data.pop("role_ids", None)
    with uow:
        customer = uow.customers.get(data["customer_id"])
        require(customer is not None and customer.status == "active", "customer_id", NO_SUCH_CUSTOMER)
        access.check(customer.id, otherwise=ValidationFailed({"customer_id": [NO_SUCH_CUSTOMER]}))
        roles = _roles_for(uow, access, customer.id, role_ids)
        user = CustomerUser.create(password_hash=password_hash, roles=roles, **data)
        uow.users.add(user)
        uow.commit()
        return user


def read_user(uow: UsersRolesUnitOfWork, access: Access, user_id: uuid.UUID) -> CustomerUser:
    with uow:
        user = get_user(uow, user_id)
        check_user(access, "VIEW", user.customer_id, user.id)
        return user


def list_users(uow: UsersRolesUnitOfWork, access: Access, customer_id, sort, limit: int, cursor, q: str | None = None):
    """Only the users the caller may see, of one customer when it names one, matching `q` when given."""
    with uow:
        ids = [customer_id] if customer_id else None
        return uow.users.page(CustomerUser, ids, sort, limit, cursor, within=access, q=q)


def update_user(uow: UsersRolesUnitOfWork, access: Access, user_id: uuid.UUID, changes: dict, expected) -> CustomerUser:
    changes = normalise(changes, RULES)
    role_ids = changes.pop("role_ids", None)
    with uow:
        user = get_user(uow, user_id, for_update=True)
        check_user(access, "EDIT", user.customer_id, user.id)
        check_version(user.version, expected)
        if role_ids is not None:
            user.assign_roles(_roles_for(uow, access, user.customer_id, role_ids))
        user.update(**changes)
        if not user.enabled:
            uow.refresh_tokens.revoke_user(user.id, dt.datetime.now(dt.timezone.utc))
        uow.commit()
        return user


def delete_user(uow: UsersRolesUnitOfWork, access: Access, user_id: uuid.UUID, expected) -> None:
    with uow:
        user = get_user(uow, user_id, for_update=True)
        check_user(access, "DELETE", user.customer_id, user.id)
        check_version(user.version, expected)
        user.mark_deleted(customer_user_data(user))
        uow.users.delete(user)
        uow.commit()


def set_password(uow: UsersRolesUnitOfWork, passwords: Passwords, access: Access, user_id: uuid.UUID, password: str):
    """An administrator sets a user's password; the user's refresh tokens stop working."""
    password_hash = passwords.hash(normalise({"password": password}, RULES)["password"])
    with uow:
        user = get_user(uow, user_id, for_update=True)
        check_user(access, "EDIT", user.customer_id, user.id)
        if access.principal.user_id == user.id:
            raise Forbidden("Change your own password at /api/v1/auth/password, with the old one.")
        user.set_password_hash(password_hash)
        uow.refresh_tokens.revoke_user(user.id, dt.datetime.now(dt.timezone.utc))
        uow.commit()
