"""Unknown query parameters are refused (400), as unknown body fields are (422): `?has_acount=true`
(a typo) must not silently return every customer.

An operation's known parameters are the fields of the query schemas it declares with
`@blp.arguments(Schema, location="query")`; an operation that declares none takes none. The check
runs after authentication (`before_parsing`: an anonymous caller learns nothing) and only on /api/v1
operations. A service opts in with `install_query_guard(app)` (customers does; the others can
follow once their clients are known not to send extra parameters).
"""
from __future__ import annotations

from flask import Flask, current_app, request
from werkzeug.exceptions import BadRequest

UNKNOWN = "Unknown query parameter."
_KNOWN = "b2b.query_guard.known"


def install_query_guard(app: Flask) -> None:
    app.extensions[_KNOWN] = {}
    app.before_request(_refuse_unknown_parameters)  # after the checks before_parsing put ahead of parsing


def _refuse_unknown_parameters() -> None:
    current = request._get_current_object()  # once, not through the proxy at every attribute
    if not current.environ.get("QUERY_STRING") or not current.args or not current.path.startswith("/api/v1/") \
            or current.endpoint is None:
        return
    unknown = sorted(set(current.args) - _known(current.endpoint, current.method))
    if unknown:
        error = BadRequest(f"Unknown query parameters: {', '.join(unknown)}.")
        error.data = {"message": error.description, "errors": {name: [UNKNOWN] for name in unknown}}
        raise error


def _known(endpoint: str, method: str) -> frozenset[str]:
    cache = current_app.extensions[_KNOWN]
    key = (endpoint, method)
    if key not in cache:
        cache[key] = frozenset(name for schema in _query_schemas(_view(endpoint, method)) for name in _names(schema))
    return cache[key]


def _view(endpoint: str, method: str):
    view = current_app.view_functions.get(endpoint)
    view_class = getattr(view, "view_class", None)
    if view_class is not None:  # a MethodView: each method declares its own (HEAD is served by get)
        view = getattr(view_class, method.lower(), None) or (getattr(view_class, "get", None)
                                                               if method == "HEAD" else None)
    return view


def _query_schemas(view) -> list:
    parameters = (getattr(view, "_apidoc", None) or {}).get("arguments", {}).get("parameters", [])
    return [parameter["schema"] for parameter in parameters
            if isinstance(parameter, dict) and parameter.get("in") == "query"]


def _names(schema) -> list[str]:
    schema = schema() if isinstance(schema, type) else schema
    return [field.data_key or name for name, field in schema.fields.items() if not field.dump_only]
