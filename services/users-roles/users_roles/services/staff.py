"""Back-office staff users. Routes let only administrators write them (b2b_shared policy: staff
management is a global, administrators-only resource), so a sales representative or support
can never create an administrator, and a role is never granted by someone who lacks it."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.db.versioned import check_version
from b2b_shared.errors import NotFound
from b2b_shared.validation import normalise

from ..adapters.passwords import Passwords
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..domain.model import StaffUser
from ..messaging.published import staff_user_data
from .users import RULES


def get_staff(uow: UsersRolesUnitOfWork, user_id: uuid.UUID, for_update: bool = False) -> StaffUser:
    user = uow.users.get(user_id, StaffUser, for_update=for_update)
    if user is None:
        raise NotFound(f"Staff user {user_id} does not exist.")
    return user


def create_staff(uow: UsersRolesUnitOfWork, passwords: Passwords, data: dict) -> StaffUser:
    data = normalise(data, RULES)
    password_hash = passwords.hash(data.pop("password"))
    with uow:
        user = StaffUser.create(password_hash=password_hash, **data)
        uow.users.add(user)
        uow.commit()
        return user


def read_staff(uow: UsersRolesUnitOfWork, user_id: uuid.UUID) -> StaffUser:
    with uow:
        return get_staff(uow, user_id)


def list_staff(uow: UsersRolesUnitOfWork, sort, limit: int, cursor):
    with uow:
        return uow.users.page(StaffUser, None, sort, limit, cursor)


def update_staff(uow: UsersRolesUnitOfWork, user_id: uuid.UUID, changes: dict, expected) -> StaffUser:
    changes = normalise(changes, RULES)
    with uow:
        user = get_staff(uow, user_id, for_update=True)
        check_version(user.version, expected)
        user.update(**changes)
        if not user.enabled:
            uow.refresh_tokens.revoke_user(user.id, dt.datetime.now(dt.timezone.utc))
        uow.commit()
        return user


def delete_staff(uow: UsersRolesUnitOfWork, user_id: uuid.UUID, expected) -> None:
    with uow:
        user = get_staff(uow, user_id, for_update=True)
        check_version(user.version, expected)
        user.mark_deleted(staff_user_data(user))
        uow.users.delete(user)
        uow.commit()


def set_staff_password(uow: UsersRolesUnitOfWork, passwords: Passwords, user_id, password: str):
    password_hash = passwords.hash(normalise({"password": password}, RULES)["password"])
    with uow:
        user = get_staff(uow, user_id, for_update=True)
        user.set_password_hash(password_hash)
        uow.refresh_tokens.revoke_user(user.id, dt.datetime.now(dt.timezone.utc))
        uow.commit()
