"""First-start setup, idempotent (run by the migrate entrypoint at every start):
the predefined global roles, the first administrator, a signing key when keys live in the DB."""
from __future__ import annotations

from b2b_shared.logging import get_logger
from sqlalchemy import Engine

from ..adapters.keys import ensure_db_key
from ..adapters.passwords import Passwords
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..config import UsersRolesConfig
from ..domain import values
from ..domain.model import Role, StaffUser
from ..domain.predefined import PREDEFINED_ROLES

log = get_logger(__name__)


def seed_roles(uow: UsersRolesUnitOfWork) -> None:
    """Creates missing predefined roles; never overwrites what staff changed since."""
    with uow:
        uow.roles.lock_seeding()  # several pods may start at once
        for name, (label, self_managed, permissions) in PREDEFINED_ROLES.items():
            if uow.roles.global_named(name) is None:
                uow.roles.add(Role.create(name=name, label=label, customer_id=None, self_managed=self_managed,
                                          permissions=permissions))
        uow.commit()


def bootstrap_admin(uow: UsersRolesUnitOfWork, config: UsersRolesConfig) -> None:
    """The first back-office administrator, from BOOTSTRAP_ADMIN_EMAIL/PASSWORD, only while
    there is no staff user at all (so a later password change is never undone)."""
    if not (config.bootstrap_admin_email and config.bootstrap_admin_password):
        return
    with uow:
        uow.users.lock_seeding()  # several pods may start at once
        if uow.users.staff_exists():
            return
        password = values.password(config.bootstrap_admin_password)
        password_hash = Passwords(config.argon2_memory_kib, config.argon2_time_cost).hash(password)
        # Its staff_user.created tells every service's principal read model of it.
        uow.users.add(StaffUser.create(email=values.email(config.bootstrap_admin_email), first_name="Administrator",
                                       last_name="Bootstrap", enabled=True, password_hash=password_hash,
                                       staff_roles=["administrator"]))
        uow.commit()
        log.info("bootstrap.admin_created", email=config.bootstrap_admin_email)


def ensure_signing_key(engine: Engine, config: UsersRolesConfig) -> None:
    """Keys mounted from a directory are production's to manage; otherwise the table needs one."""
    if not config.jwt_keys_dir:
        ensure_db_key(engine)
