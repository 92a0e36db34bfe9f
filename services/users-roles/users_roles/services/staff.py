"""Back-office staff users: only staff (or internal calls) manage them."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.errors import NotFound
from b2b_shared.http.etag import check_version
from b2b_shared.validation import normalise

from ..adapters.passwords import Passwords
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.model import StaffUser
from .actors import Actor, require_staff
from .users import RULES


def get_staff(uow: UsersRolesUnitOfWork, user_id: uuid.UUID, for_update: bool = False) -> StaffUser:
    user = uow.users.get(user_id, StaffUser, for_update=for_update)
    if user is None:
        raise NotFound(f"Staff user {user_id} does not exist.")
    return user


def create_staff(uow: UsersRolesUnitOfWork, passwords: Passwords, actor: Actor, data: dict) -> StaffUser:
    require_staff(actor)
    data = normalise(data, RULES)
    password_hash = passwords.hash(data.pop("password"))
    with uow:
        user = StaffUser(id=uuid.uuid4(), password_hash=password_hash, **data)
        uow.users.add(user)
        uow.commit()
        return user


def read_staff(uow: UsersRolesUnitOfWork, actor: Actor, user_id: uuid.UUID) -> StaffUser:
    require_staff(actor)
    with uow:
        return get_staff(uow, user_id)


def list_staff(uow: UsersRolesUnitOfWork, actor: Actor, sort, limit: int, cursor):
    require_staff(actor)
    with uow:
        return uow.users.page(StaffUser, None, sort, limit, cursor)


def update_staff(uow: UsersRolesUnitOfWork, actor: Actor, user_id: uuid.UUID, changes: dict, expected) -> StaffUser:
    require_staff(actor)
    changes = normalise(changes, RULES)
    with uow:
        user = get_staff(uow, user_id, for_update=True)
        check_version(user.version, expected)
        for name, value in changes.items():
            setattr(user, name, value)
        if not user.enabled:
            uow.refresh_tokens.revoke_user(user.id, dt.datetime.now(dt.timezone.utc))
        uow.commit()
        return user


def delete_staff(uow: UsersRolesUnitOfWork, actor: Actor, user_id: uuid.UUID, expected) -> None:
    require_staff(actor)
    with uow:
        user = get_staff(uow, user_id, for_update=True)
        check_version(user.version, expected)
        uow.users.delete(user)
        uow.commit()


def set_staff_password(uow: UsersRolesUnitOfWork, passwords: Passwords, actor: Actor, user_id, password: str):
    require_staff(actor)
    password_hash = passwords.hash(normalise({"password": password}, RULES)["password"])
    with uow:
        user = get_staff(uow, user_id, for_update=True)
        user.set_password_hash(password_hash)
        uow.refresh_tokens.revoke_user(user.id, dt.datetime.now(dt.timezone.utc))
        uow.commit()
