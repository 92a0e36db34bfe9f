"""First-start setup, idempotent (run by the migrate entrypoint at every start):
the predefined global roles, the first administrator, a signing key when keys live in the DB."""
from __future__ import annotations

import uuid

from b2b_shared.logging import get_logger
from sqlalchemy import Engine, func, select

from ..adapters.keys import add_db_key
from ..adapters.passwords import Passwords
from ..adapters.unit_of_work import UsersRolesUnitOfWork
from ..config import UsersRolesConfig
from ..domain import values
from ..domain.model import Role, StaffUser
from ..domain.predefined import PREDEFINED_ROLES
from ..domain.records import SigningKey

log = get_logger(__name__)
SEED_LOCK_KEY = 0x05EED_0B5  # serialises seeding when several pods start at once


def seed_roles(uow: UsersRolesUnitOfWork) -> None:
    """Creates missing predefined roles; never overwrites what staff changed since."""
    with uow:
        uow.session.execute(select(func.pg_advisory_xact_lock(SEED_LOCK_KEY)))
        for name, (label, self_managed, permissions) in PREDEFINED_ROLES.items():
            if uow.roles.global_named(name) is None:
                role = Role(id=uuid.uuid4(), name=name, label=label, customer_id=None,
                            self_managed=self_managed, permissions=permissions)
                uow.roles.add(role)
                role.record("role.created")
        uow.commit()


def bootstrap_admin(uow: UsersRolesUnitOfWork, config: UsersRolesConfig) -> None:
    """The first back-office administrator, from BOOTSTRAP_ADMIN_EMAIL/PASSWORD, only while
    there is no staff user at all (so a later password change is never undone)."""
    if not (config.bootstrap_admin_email and config.bootstrap_admin_password):
        return
    with uow:
        uow.session.execute(select(func.pg_advisory_xact_lock(SEED_LOCK_KEY)))
        if uow.users.staff_exists():
            return
        password = values.password(config.bootstrap_admin_password)
        password_hash = Passwords(config.argon2_memory_kib, config.argon2_time_cost).hash(password)
        admin = StaffUser(id=uuid.uuid4(), email=values.email(config.bootstrap_admin_email),
                          first_name="Administrator", last_name="Bootstrap", enabled=True,
                          password_hash=password_hash, staff_roles=["administrator"])
        uow.users.add(admin)
        admin.record("staff_user.created")  # every service's principal read model learns of it
        uow.commit()
        log.info("bootstrap.admin_created", email=config.bootstrap_admin_email)


def ensure_signing_key(engine: Engine, config: UsersRolesConfig) -> None:
    if config.jwt_keys_dir:
        return
    with engine.begin() as db:
        db.execute(select(func.pg_advisory_xact_lock(SEED_LOCK_KEY)))
        has_key = db.scalar(select(func.count()).select_from(SigningKey).where(SigningKey.retired_at.is_(None)))
    if not has_key:
        add_db_key(engine)
