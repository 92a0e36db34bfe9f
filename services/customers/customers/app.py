"""create_app(config): the customers web application, wired in one readable place."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.auth.jwt import verifier_from_config
from b2b_shared.auth.principals import Authenticator, read_model_rows
from b2b_shared.config import ServiceConfig
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.http.access import Guard, install_access
from b2b_shared.http.app import create_base_app
from b2b_shared.http.health import database_check
from b2b_shared.http.resources import install_unit_of_work
from b2b_shared.logging import configure_logging
from flask import Flask

from .adapters.unit_of_work import UNIQUE_VIOLATIONS, CustomersUnitOfWork
from .api import addresses, customers, groups, hierarchy, notes, tags
from .config import load_config
from .messaging.published import SERIALIZERS

BLUEPRINTS = (customers.blp, hierarchy.blp, addresses.blp, notes.blp, groups.blp, tags.blp)
# Authorization reads owners' lineages and sales representatives from the customers table itself.
HIERARCHY = Hierarchy("customers", lineage="lineage", status="status", sales_rep_ids="sales_rep_ids")


def create_app(config: ServiceConfig | None = None) -> Flask:
    config = config or load_config()
    configure_logging(config.log_level)
    engine = make_engine(config.database_url, config.db_pool_size)
    # Ready when it can serve: web writes go to the outbox, so a broker outage must not take it out of rotation.
    checks = {"database": database_check(engine)}
    app = create_base_app(__name__, "Customers API", BLUEPRINTS, checks)
    authenticator = Authenticator(verifier_from_config(config), read_model_rows(engine, HIERARCHY))
    install_access(app, Guard(authenticator, HIERARCHY, engine))
    install_unit_of_work(app, partial(CustomersUnitOfWork, make_session_factory(engine), config, SERIALIZERS,
                                      UNIQUE_VIOLATIONS))
    return app
