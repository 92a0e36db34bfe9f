"""Property-based requests generated from a service's own OpenAPI document (schemathesis): the
check every service runs that whatever a client sends, the answer is never a server error and is
what the document promises.

schemathesis's pytest plugin does not run under pytest 9 yet, so the operations are walked in one
test, each with a hypothesis `@given` of its own.
"""
from __future__ import annotations

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.errors import UnsupportedSchema

# Never a server error, and every answer as the document says: a documented status, content type
# (application/problem+json for errors) and body schema, so that a generated client handles it.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def fuzz_every_operation(app: Flask, examples_per_operation: int = 25, headers: dict | None = None):
    """Returns (operations exercised, labels of the operations schemathesis cannot generate for),
    so that a test names the gaps it accepts instead of hiding them."""
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    exercised, unsupported = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            _fuzz(operation, examples_per_operation, headers or {})
            exercised += 1
        except UnsupportedSchema:
            unsupported.append(operation.label)
    return exercised, unsupported


def _fuzz(operation, examples: int, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        case.call_and_validate(checks=CHECKS, headers=headers)

    run()
