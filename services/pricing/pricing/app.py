"""create_app(config): the pricing web application, wired in one readable place."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.db.engine import make_session_factory, make_web_engine
from b2b_shared.http.service_app import create_service_app
from flask import Flask

from .adapters.unit_of_work import UNIQUE_VIOLATIONS, PricingUnitOfWork
from .api import assignments, balances, payment_term_assignments, payment_terms, price_lists, prices, resolve, tax_codes
from .config import PricingConfig, load_config
from .messaging.published import SERIALIZERS

BLUEPRINTS = (price_lists.blp, prices.blp, assignments.blp, resolve.blp, payment_terms.blp,
              payment_term_assignments.blp, tax_codes.blp, balances.blp)
# Authorization reads owners' lineages and sales representatives from the customer read model.
HIERARCHY = Hierarchy("customer_read_model", lineage="lineage", status="status", sales_rep_ids="sales_rep_ids")


def create_app(config: PricingConfig | None = None) -> Flask:
    config = config or load_config()
    engine = make_web_engine(config.database_url, config.db_pool_size)
    unit_of_work = partial(PricingUnitOfWork, make_session_factory(engine), config, SERIALIZERS, UNIQUE_VIOLATIONS)
    app = create_service_app(__name__, "Pricing API", config, engine, BLUEPRINTS, HIERARCHY, unit_of_work)
    app.extensions["pricing.config"] = config
    return app
