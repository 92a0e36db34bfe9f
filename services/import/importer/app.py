"""create_app(config): the import web application, wired in one readable place."""
from __future__ import annotations

from functools import partial

from b2b_shared.auth.hierarchy import Hierarchy
from b2b_shared.db.engine import make_engine, make_session_factory
from b2b_shared.http.service_app import create_service_app
from flask import Flask

from .adapters.unit_of_work import ImportUnitOfWork
from .api import export_jobs, import_jobs, templates
from .config import ImportConfig, load_config
from .messaging.published import SERIALIZERS

BLUEPRINTS = (import_jobs.blp, export_jobs.blp, templates.blp)
# Shortcut, named: jobs belong to users, and this service keeps no customer read model yet, so
# the hierarchy points at a table no customer id is found in. A customer user's customer is then
# unknown here and the user is refused (401), which is right while no entity a customer user may
# import (its own users) is offered; staff, whose rights need no customer, are served.
HIERARCHY = Hierarchy("import_jobs", lineage="id", status="status")


def create_app(config: ImportConfig | None = None) -> Flask:
    config = config or load_config()
    engine = make_engine(config.database_url, config.db_pool_size)
    unit_of_work = partial(ImportUnitOfWork, make_session_factory(engine), config, SERIALIZERS)
    app = create_service_app(__name__, "Import API", config, engine, BLUEPRINTS, HIERARCHY, unit_of_work)
    app.config["MAX_CONTENT_LENGTH"] = config.max_upload_bytes  # uploads; the gateway bounds them too
    return app
