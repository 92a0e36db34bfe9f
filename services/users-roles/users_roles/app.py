"""create_app(config): the users-roles web application, wired in one readable place."""
from __future__ import annotations

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.db.engine import make_web_engine
from b2b_shared.http.service_app import create_service_app
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .adapters import wiring
from .adapters.passwords import Passwords
from .adapters.principal_rows import own_table_rows
from .api import auth, authz, customer_users, roles, service_tokens, staff_users
from .config import UsersRolesConfig, load_config
from .domain.service_clients import parse_clients
from .services.auth import Auth

BLUEPRINTS = (customer_users.blp, staff_users.blp, roles.blp, auth.blp, service_tokens.blp, auth.jwks_blp, authz.blp)
# Authorization reads owners' lineages and sales representatives from the customer read model.
HIERARCHY = Hierarchy("customer_read_model", lineage="path", status="status", sales_rep_ids="sales_rep_ids")


def create_app(config: UsersRolesConfig | None = None) -> Flask:
    config = config or load_config()
    engine = make_web_engine(config.database_url, config.db_pool_size)
    keys = wiring.key_ring(config, engine)
    # Tokens are checked against our own keys, callers looked up in our own tables.
    app = create_service_app(__name__, "Users and roles API", config, engine, BLUEPRINTS, HIERARCHY,
                             wiring.uow_factory(config, engine), verifier=wiring.verifier(config, keys),
                             principal_rows=own_table_rows(engine))
    passwords = Passwords(config.argon2_memory_kib, config.argon2_time_cost)
    app.extensions["users_roles.keys"] = keys
    app.extensions["users_roles.service_clients"] = parse_clients(config.service_clients)
    app.extensions["users_roles.auth"] = Auth(passwords, wiring.access_tokens(config, keys),
                                              config.refresh_token_seconds, config.sign_in_account_ceiling)
    # The gateway appends the client's address to X-Forwarded-For; sign-in throttling keys on it.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
    return app
