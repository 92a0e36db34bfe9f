"""How the suite runs the import service (b2b_shared.service; docs/adding-a-service.md)."""
from b2b_shared.db.unit_of_work import joined_to_consumer
from b2b_shared.service import Consumes, Service, migrations_beside

from .adapters.unit_of_work import ImportUnitOfWork
from .app import create_app
from .config import load_config
from .domain.model import Base
from .messaging.handlers import HANDLERS, QUEUE
from .messaging.published import SERIALIZERS
from .worker import make_worker

SERVICE = Service(
    name="import",
    load_config=load_config,
    metadata=Base.metadata,
    create_app=create_app,
    migrations=migrations_beside(__file__),
    # The owners' answers to its batches, and users-roles' events (who may call us, and their emails).
    consumes=Consumes(QUEUE, HANDLERS, joined_to_consumer(ImportUnitOfWork, SERIALIZERS)),
    worker=make_worker,  # stages queued jobs, sends completion emails
    serializers=SERIALIZERS,
)
