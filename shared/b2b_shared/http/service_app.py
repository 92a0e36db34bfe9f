"""The web application every service builds: the shared conventions (create_base_app), readiness on
its database, authorization over its hierarchy (docs/authorization.md) and its unit of work. A
service's app.py names only what is its own."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask
from flask_smorest import Blueprint
from sqlalchemy import Engine

from ..auth.hierarchy import Hierarchy
from ..auth.jwt import TokenVerifier, verifier_from_config
from ..auth.principals import Authenticator, RowSource, read_model_rows
from ..config import ServiceConfig
from ..logging import configure_logging
from .access import Guard, install_access
from .app import create_base_app
from .health import database_check
from .idempotency import install_idempotency, principal_owner
from .resources import install_unit_of_work

ENGINE = "b2b.engine"  # app.extensions key: the app's database engine (the tests release its pool)


def create_service_app(name: str, title: str, config: ServiceConfig, engine: Engine, blueprints: Iterable[Blueprint],
                       hierarchy: Hierarchy, unit_of_work: Callable[[], object], *,
                       verifier: TokenVerifier | None = None,
                       principal_rows: RowSource | None = None) -> Flask:
    """`verifier` and `principal_rows` default to every service's: tokens checked against the
    JWKS of the config, callers looked up in the principal read model kept from users-roles' events."""
    configure_logging(config.log_level)
    # Ready when it can serve: web writes go to the outbox, so a broker outage must not take it out of rotation.
    app = create_base_app(name, title, blueprints, {"database": database_check(engine)})
    authenticator = Authenticator(verifier or verifier_from_config(config),
                                  principal_rows or read_model_rows(engine, hierarchy))
    install_access(app, Guard(authenticator, hierarchy, engine))
    install_unit_of_work(app, unit_of_work)
    install_idempotency(app, engine, principal_owner)
    app.extensions[ENGINE] = engine
    return app
