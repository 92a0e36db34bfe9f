"""OpenAPI documents that tell the truth about errors and versions (issue: a generated client must
handle every real answer).

- Every error is RFC 9457 problem details (`application/problem+json`, http/problems.py): the
  error responses flask-smorest registers use `Problem` with that content type, not its own
  `Error` schema as `application/json`.
- Each `/api/v1` operation lists the errors it can really answer: 401, 403, 413 and 429 always;
  404 where the path names a resource; 409 where it writes; 412 and 428 where If-Match is required;
  422 where it takes input (flask-smorest adds that one itself).
- Writes that need a version take the `If-Match` header; answers carrying a resource carry its
  `ETag` (http/etag.py, http/resources.py). Every POST takes `Idempotency-Key` (http/idempotency.py).
"""
from __future__ import annotations

import copy
import http

from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from marshmallow import Schema, fields

from .idempotency import UNKEPT_PREFIX
from .problems import PROBLEM_JSON

ALWAYS = (401, 403, 413, 429)
IDEMPOTENCY_KEY = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": "Retry-safe writes (docs/idempotency.md): the same key again within 24 hours returns the first "
                   "answer (Idempotent-Replayed: true); with another body it is 422; while the first runs, 409.",
}
WRITES = ("post", "put", "patch")
VERSIONED = ("put", "patch", "delete")


class ProblemSchema(Schema):
    """RFC 9457 problem details; `type` is `about:blank`, so `title` is the status's reason phrase."""

    class Meta:
        name = "Problem"

    type = fields.String(required=True, metadata={"example": "about:blank"})
    title = fields.String(required=True, metadata={"example": "Unprocessable Content"})
    status = fields.Integer(required=True, metadata={"example": 422})
    detail = fields.String(required=True, metadata={"example": "The request has invalid fields."})
    errors = fields.Dict(keys=fields.String(), values=fields.Raw(),
                         metadata={"description": "Field name (dotted for nested fields) -> what is wrong with it."})


class ProblemApi(Api):
    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        """flask-smorest's lazy response per status, as problem details."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Any other error, as problem details", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_JSON)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


class HttpConventions(BasePlugin):
    """Adds to each `/api/v1` operation the errors, If-Match and ETag the conventions give it."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        if not path or not path.startswith("/api/v1/"):
            return
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _errors_of(method, path):
                if status not in responses and str(status) not in responses:  # flask-smorest keys by int
                    responses[status] = http.HTTPStatus(status).name
            if method in VERSIONED:
                parameters = operation.setdefault("parameters", [])
                if "IF_MATCH" not in parameters:
                    parameters.append("IF_MATCH")
            if method == "post" and not path.startswith(UNKEPT_PREFIX):
                operation.setdefault("parameters", []).append(copy.deepcopy(IDEMPOTENCY_KEY))
            for status, response in responses.items():
                if isinstance(response, dict) and _carries_etag(method, path, status):
                    response.setdefault("headers", {}).setdefault("ETag", "ETAG")


def _carries_etag(method: str, path: str, status: str) -> bool:
    """A resource just created, or one read or changed by its own path (versioned() answers)."""
    status = int(status) if str(status).isdigit() else status
    return status == 201 or (status == 200 and method in ("get", "put", "patch") and path.endswith("}"))


def _errors_of(method: str, path: str) -> list[int]:
    statuses = list(ALWAYS)
    if "{" in path:
        statuses.append(404)
    if method in WRITES:
        statuses.append(409)
    if method in VERSIONED:
        statuses += [412, 428]
    return statuses
