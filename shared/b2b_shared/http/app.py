"""Flask app factory pieces every service uses: flask-smorest, problems, request ids, health, metrics."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, request
from flask_smorest import Blueprint
from sqlalchemy.exc import DBAPIError

from . import clock
from .body_guard import install_body_guard
from .health import Check, install_health
from .metrics import install_metrics
from .openapi import HttpConventions, ProblemApi
from .problems import register_problem_handlers
from .request_id import install_request_id
from .request_log import install_request_log
from .traces import install_traces

MAX_REMEMBERED = 1000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class App(Flask):
    """Flask, asking once per function whether it is a coroutine function. Flask asks on every call
    of every hook and view (`ensure_sync`, through inspect.iscoroutinefunction): some 20 times per
    request, about 2% of a request's CPU in the gateway (bench/gateway_rps.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable, Callable] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        try:
            return self._synchronous[func]
        except KeyError:
            synchronous = super().ensure_sync(func)
            if len(self._synchronous) < MAX_REMEMBERED:  # hooks, views and handlers: a few dozen
                self._synchronous[func] = synchronous
            return synchronous
        except TypeError:  # not hashable: asked every time, as Flask does
            return super().ensure_sync(func)

    def wsgi_app(self, environ, start_response):
        clock.start(environ)  # before anything else: the access log and the latency metric time it all
        return super().wsgi_app(environ, start_response)

    def dispatch_request(self):
        """A read that met a pooled connection the database had dropped (it restarted, or a network
        cut) runs once more: the failure invalidated the whole pool, so the second try gets a fresh
        connection, and the caller never sees the outage that is already over. Only reads: a write
        may have reached the server before its connection broke (db/engine.py, make_web_engine)."""
        try:
            return super().dispatch_request()
        except DBAPIError as error:
            if not (error.connection_invalidated and request.method in SAFE_METHODS):
                raise
            return super().dispatch_request()


def create_base_app(name: str, title: str, blueprints: Iterable[Blueprint], checks: dict[str, Check]) -> Flask:
    app = App(name)
    app.config.update(
        API_TITLE=title,
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        JSON_SORT_KEYS=False,
    )
    api = ProblemApi(app, spec_kwargs={"info": {"description": f"{title} of the B2B customer management suite."},
                                       "extra_plugins": [HttpConventions()]})
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    install_traces(app, name.partition(".")[0])  # the service's package: customers.app -> customers
    install_request_id(app)
    install_request_log(app)
    install_metrics(app)  # refusals (the body guard, authentication) are counted and timed too: http/clock.py
    install_body_guard(app)
    install_health(app, checks)
    register_problem_handlers(app)  # after Api(): replaces flask-smorest's own error body
    app.extensions["b2b_api"] = api
    return app
