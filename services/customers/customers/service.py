"""How the suite runs the customers service (b2b_shared.service; docs/adding-a-service.md)."""
from b2b_shared.db.unit_of_work import joined_to_consumer
from b2b_shared.messaging.export_pages import page_handlers
from b2b_shared.messaging.import_batches import batch_handlers
from b2b_shared.service import Consumes, Service, migrations_beside

from .adapters.unit_of_work import UNIQUE_VIOLATIONS, CustomersUnitOfWork
from .app import HIERARCHY, create_app
from .config import load_config
from .domain.model import Base, Customer, CustomerGroup
from .messaging.activity_handlers import TIMELINE_HANDLERS, TIMELINE_QUEUE
from .messaging.export_pages import EXPORTED
from .messaging.handlers import HANDLERS, QUEUE
from .messaging.import_rows import ENTITIES
from .messaging.published import SERIALIZERS

COMMAND_QUEUE = "customers.import-batches"  # and export pages: the import service's work queue


SERVICE = Service(
    name="customers",
    load_config=load_config,
    metadata=Base.metadata,
    create_app=create_app,
    migrations=migrations_beside(__file__),
    consumes=Consumes(QUEUE, HANDLERS),  # the principal read model: who may call us
    # The timeline and the order figures (messaging/activity_handlers.py), on a queue of their own.
    follows=Consumes(TIMELINE_QUEUE, TIMELINE_HANDLERS),
    # What the import service asks in bulk: batches of customers and groups to import
    # (messaging/import_rows.py), pages of customers to export (messaging/export_pages.py).
    commands=Consumes(COMMAND_QUEUE, {**batch_handlers(ENTITIES, Base.metadata, HIERARCHY),
                                      **page_handlers(EXPORTED, Base.metadata, HIERARCHY)},
                      joined_to_consumer(CustomersUnitOfWork, SERIALIZERS, UNIQUE_VIOLATIONS)),
    # Pricing's and users-roles' customer read models, pricing's group read model.
    republishes={Customer: "customer", CustomerGroup: "customer_group"},
    serializers=SERIALIZERS,
)
