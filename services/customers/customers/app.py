"""create_app(config): the customers web application, wired in one readable place."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.config import ServiceConfig
from b2b_shared.db.engine import make_session_factory, make_web_engine
from b2b_shared.http.query_guard import install_query_guard
from b2b_shared.http.service_app import create_service_app
from flask import Flask

from .adapters.unit_of_work import UNIQUE_VIOLATIONS, CustomersUnitOfWork
from .api import activity, addresses, contacts, customers, groups, hierarchy, notes, orders, tags, tasks
from .config import load_config
from .messaging.published import SERIALIZERS

BLUEPRINTS = (customers.blp, hierarchy.blp, addresses.blp, notes.blp, groups.blp, tags.blp)
BLUEPRINTS += (activity.blp, orders.blp)  # the timeline and order figures, built from events
BLUEPRINTS += (contacts.blp, tasks.blp)  # the contact persons and staff tasks of a customer
# Authorization reads owners' lineages and sales representatives from the customers table itself.
HIERARCHY = Hierarchy("customers", lineage="lineage", status="status", sales_rep_ids="sales_rep_ids")


def create_app(config: ServiceConfig | None = None) -> Flask:
    config = config or load_config()
    engine = make_web_engine(config.database_url, config.db_pool_size)
    unit_of_work = partial(CustomersUnitOfWork, make_session_factory(engine), config, SERIALIZERS, UNIQUE_VIOLATIONS)
    app = create_service_app(__name__, "Customers API", config, engine, BLUEPRINTS, HIERARCHY, unit_of_work)
    install_query_guard(app)  # 400 for a query parameter no operation declares (a typo filters nothing)
    return app
