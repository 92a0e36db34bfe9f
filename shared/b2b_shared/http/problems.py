"""RFC 9457 problem details for every error a service answers, 404/405 and 500 included.

One table maps application errors to statuses; a response never carries a stack trace or SQL.
"""
from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, json
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from .. import errors
from ..logging import get_logger

log = get_logger(__name__)
PROBLEM_JSON = "application/problem+json"

STATUS_OF: dict[type[errors.AppError], int] = {
    errors.ValidationFailed: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.PreconditionFailed: 412,
    errors.PreconditionRequired: 428,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.TooManyRequests: 429,
}


def problem(status: int, title: str, detail: str, errors_: dict | None = None, headers: dict | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors_:
        body["errors"] = errors_
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)
    response.headers.update(headers or {})
    return response


def _from_app_error(error: errors.AppError) -> Response:
    status = next(code for kind, code in STATUS_OF.items() if isinstance(error, kind))
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, errors.TooManyRequests) else None
    if status == 401:  # RFC 9110 section 11.6.1: a 401 names the scheme that would be accepted (RFC 6750)
        headers = {"WWW-Authenticate": 'Bearer realm="b2b"'}
    # RFC 9457 section 4.2.1: with type about:blank the title is the status's reason phrase.
    return problem(status, HTTPStatus(status).phrase, error.detail, error.errors, headers)


def _from_http_exception(error: HTTPException) -> Response:
    data = getattr(error, "data", None) or {}
    field_errors = _field_errors(data.get("messages") or data.get("errors"))
    detail = data.get("message") or error.description or error.name
    if field_errors and error.code == 422:
        detail = "The request has invalid fields."
    headers = dict(error.get_response().headers) if error.code == 405 else None
    if headers:
        headers.pop("Content-Type", None)
        headers.pop("Content-Length", None)
    return problem(error.code or 500, error.name, detail, field_errors, headers)


def _field_errors(messages) -> dict | None:
    """webargs nests errors by location ({"json": {"name": [...]}}); clients want fields."""
    if not isinstance(messages, dict):
        return None
    flat: dict = {}
    for location, fields in messages.items():
        if location in ("json", "query", "form", "files", "headers", "path") and isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat or None


def _from_unreachable_database(error: OperationalError) -> Response:
    """The database could not be reached, dropped the connection, or gave up on the statement (a
    timeout, a deadlock): all passing, so the request can be tried again shortly (a write with its
    Idempotency-Key), which a 500 would not say."""
    log.warning("http.database_unavailable", error_type=type(error.orig).__name__)
    return problem(503, "Service Unavailable", "The database could not complete this request right now; try again shortly.",
                   headers={"Retry-After": "2"})


def _from_unexpected(error: Exception) -> Response:
    log.exception("http.unhandled_error", error_type=type(error).__name__)
    return problem(500, "Internal Server Error", "An unexpected error occurred; it has been logged.")


def register_problem_handlers(app: Flask) -> None:
    app.register_error_handler(errors.AppError, _from_app_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(OperationalError, _from_unreachable_database)
    app.register_error_handler(Exception, _from_unexpected)
