"""How the suite runs the pricing service (b2b_shared.service; docs/adding-a-service.md)."""
from b2b_shared.service import Consumes, Service, migrations_beside

from .adapters.tables import METADATA
from .app import create_app
from .config import load_config
from .messaging.handlers import HANDLERS, QUEUE

SERVICE = Service(
    name="pricing",
    load_config=load_config,
    metadata=METADATA,
    create_app=create_app,
    migrations=migrations_beside(__file__),
    # The customer read model (customer.*) and the principal read model (customer_user.*, staff_user.*, role.*).
    consumes=Consumes(QUEUE, HANDLERS),
)
