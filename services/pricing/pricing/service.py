"""How the suite runs the pricing service (b2b_shared.service; docs/adding-a-service.md)."""
from b2b_shared.db.unit_of_work import joined_to_consumer
from b2b_shared.messaging.export_pages import page_handlers
from b2b_shared.messaging.import_batches import batch_handlers
from b2b_shared.service import Consumes, Service, migrations_beside

from .adapters.tables import METADATA
from .adapters.unit_of_work import UNIQUE_VIOLATIONS, PricingUnitOfWork
from .app import HIERARCHY, create_app
from .config import load_config
from .messaging.export_pages import EXPORTED
from .messaging.handlers import HANDLERS, QUEUE
from .messaging.import_rows import ENTITIES, one_prices_event_per_list
from .messaging.published import SERIALIZERS

COMMAND_QUEUE = "pricing.import-batches"  # and export pages: the import service's work queue


SERVICE = Service(
    name="pricing",
    load_config=load_config,
    metadata=METADATA,
    create_app=create_app,
    migrations=migrations_beside(__file__),
    # The customer and group read model (customer.*, customer_group.*) and the principal read model (customer_user.*, staff_user.*, role.*).
    # On the unit of work joined to the consumer's transaction: a deleted customer's or group's
    # assignments go with it, and their deletion events leave through the outbox in that transaction.
    consumes=Consumes(QUEUE, HANDLERS, joined_to_consumer(PricingUnitOfWork, SERIALIZERS, UNIQUE_VIOLATIONS)),
    # What the import service asks in bulk: batches of prices and price list assignments to import
    # (messaging/import_rows.py; a prices batch records one price_list.prices_changed per list it changed),
    # pages of them to export (messaging/export_pages.py).
    commands=Consumes(COMMAND_QUEUE, {**one_prices_event_per_list(batch_handlers(ENTITIES, METADATA, HIERARCHY)),
                                      **page_handlers(EXPORTED, METADATA, HIERARCHY)},
                      joined_to_consumer(PricingUnitOfWork, SERIALIZERS, UNIQUE_VIOLATIONS)),
)
