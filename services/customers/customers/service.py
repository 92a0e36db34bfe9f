"""How the suite runs the customers service (b2b_shared.service; docs/adding-a-service.md)."""
from b2b_shared.service import Consumes, Service, migrations_beside

from .app import create_app
from .config import load_config
from .domain.model import Base, Customer
from .messaging.handlers import HANDLERS, QUEUE
from .messaging.published import SERIALIZERS

SERVICE = Service(
    name="customers",
    load_config=load_config,
    metadata=Base.metadata,
    create_app=create_app,
    migrations=migrations_beside(__file__),
    consumes=Consumes(QUEUE, HANDLERS),  # the principal read model: who may call us
    republishes={Customer: "customer"},  # pricing's and users-roles' customer read models
    serializers=SERIALIZERS,
)
