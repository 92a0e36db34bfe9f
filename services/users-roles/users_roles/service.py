"""How the suite runs the users-roles service (b2b_shared.service; docs/adding-a-service.md)."""
from b2b_shared.db.engine import make_engine
from b2b_shared.messaging.export_pages import page_handlers
from b2b_shared.messaging.import_batches import batch_handlers
from b2b_shared.service import Consumes, Service, migrations_beside

from .adapters.principal_rows import own_table_rows
from .adapters.wiring import joined_uow, uow_factory
from .app import HIERARCHY, create_app
from .config import UsersRolesConfig, load_config
from .domain.model import Base, CustomerUser, Role, StaffUser
from .messaging.export_pages import EXPORTED
from .messaging.handlers import HANDLERS, QUEUE
from .messaging.import_rows import ENTITIES
from .messaging.published import SERIALIZERS
from .services.bootstrap import bootstrap_admin, ensure_signing_key, seed_roles

COMMAND_QUEUE = "users-roles.import-batches"  # and export pages: the import service's work queue


def first_start(config: UsersRolesConfig) -> None:
    """Idempotent, at every migration: predefined roles, the first administrator, a signing key."""
    engine = make_engine(config.database_url, 1)
    try:
        seed_roles(uow_factory(config, engine)())
        bootstrap_admin(uow_factory(config, engine)(), config)
        ensure_signing_key(engine, config)
    finally:
        engine.dispose()


SERVICE = Service(
    name="users-roles",
    load_config=load_config,
    metadata=Base.metadata,
    create_app=create_app,
    migrations=migrations_beside(__file__),
    # The customer read model: hierarchy, status, sales representatives.
    consumes=Consumes(QUEUE, HANDLERS, unit_of_work=joined_uow),
    # What the import service asks in bulk: batches of customer users to import (messaging/import_rows.py),
    # pages of them to export (messaging/export_pages.py).
    commands=Consumes(COMMAND_QUEUE, {**batch_handlers(ENTITIES, Base.metadata, HIERARCHY, own_table_rows),
                                      **page_handlers(EXPORTED, Base.metadata, HIERARCHY, own_table_rows)},
                      joined_uow),
    after_migrate=first_start,
    # Who may call: the principal read models of every other service (b2b_shared.auth.principal_events).
    republishes={CustomerUser: "customer_user", StaffUser: "staff_user", Role: "role"},
    serializers=SERIALIZERS,
)
