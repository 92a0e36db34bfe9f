"""create_app(config): the import web application, wired in one readable place."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.db.engine import make_session_factory, make_web_engine
from b2b_shared.http.service_app import create_service_app
from flask import Flask

from .adapters.unit_of_work import ImportUnitOfWork
from .api import export_jobs, import_jobs, templates
from .config import ImportConfig, load_config
from .messaging.published import SERIALIZERS

BLUEPRINTS = (import_jobs.blp, export_jobs.blp, templates.blp)
# Jobs belong to users, not customers: the customers' status is all this service keeps of them
# (messaging/customers.py), so that a user of an inactive customer is refused here too.
HIERARCHY = Hierarchy("import_customers")


def create_app(config: ImportConfig | None = None) -> Flask:
    config = config or load_config()
    engine = make_web_engine(config.database_url, config.db_pool_size)
    unit_of_work = partial(ImportUnitOfWork, make_session_factory(engine), config, SERIALIZERS)
    app = create_service_app(__name__, "Import API", config, engine, BLUEPRINTS, HIERARCHY, unit_of_work)
    app.config["MAX_CONTENT_LENGTH"] = config.max_upload_bytes  # uploads; the gateway bounds them too
    return app
