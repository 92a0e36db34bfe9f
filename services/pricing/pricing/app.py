"""create_app(config): the pricing web application, wired in one readable place."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.auth.jwt import verifier_from_config
from b2b_shared.auth.principals import Authenticator, read_model_rows
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.http.access import Guard, install_access
from b2b_shared.http.app import create_base_app
from b2b_shared.http.health import database_check
from b2b_shared.http.resources import install_unit_of_work
from b2b_shared.logging import configure_logging
from flask import Flask

from .adapters.unit_of_work import UNIQUE_VIOLATIONS, PricingUnitOfWork
from .api import assignments, balances, payment_terms, price_lists, prices, resolve, tax_codes
from .config import PricingConfig, load_config
from .messaging.published import SERIALIZERS

BLUEPRINTS = (price_lists.blp, prices.blp, assignments.blp, resolve.blp, payment_terms.blp,
              payment_terms.assignments_blp, tax_codes.blp, balances.blp)
# Authorization reads owners' lineages and sales representatives from the customer read model.
HIERARCHY = Hierarchy("customer_read_model", lineage="lineage", status="status", sales_rep_ids="sales_rep_ids")


def create_app(config: PricingConfig | None = None) -> Flask:
    config = config or load_config()
    configure_logging(config.log_level)
    # No pre-ping: its round trip was ~0.3 ms of resolve's 10 ms budget (bench/pricing_resolve.py).
    # A connection the server dropped fails one request and SQLAlchemy then renews the pool;
    # recycling after 30 minutes keeps idle connections from outliving server or proxy timeouts.
    engine = make_engine(config.database_url, config.db_pool_size, pre_ping=False, recycle_seconds=1800)
    # Ready when it can serve: web writes go to the outbox, so a broker outage must not take it out of rotation.
    checks = {"database": database_check(engine)}
    app = create_base_app(__name__, "Pricing API", BLUEPRINTS, checks)
    authenticator = Authenticator(verifier_from_config(config), read_model_rows(engine, HIERARCHY))
    install_access(app, Guard(authenticator, HIERARCHY, engine))
    app.extensions["pricing.config"] = config
    install_unit_of_work(app, partial(PricingUnitOfWork, make_session_factory(engine), config, SERIALIZERS,
                                      UNIQUE_VIOLATIONS))
    return app
