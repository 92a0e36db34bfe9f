"""The published contracts validate with the ecosystem's own tools: every service's OpenAPI
document with openapi-spec-validator, every AsyncAPI document with the official AsyncAPI parser
(npm @asyncapi/parser, installed by `make install` into tools/asyncapi)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from b2b_shared import suite
from b2b_shared.entrypoints import web
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
ASYNCAPI_TOOL = ROOT / "tools" / "asyncapi"
ASYNCAPI_DOCUMENTS = sorted(ROOT.glob("services/*/asyncapi.yaml"))


SERVICES = [service.name for service in suite.built()]
METHODS = ("get", "post", "put", "patch", "delete")


def openapi_of(service: str) -> dict:
    return web(service).test_client().get("/openapi.json").json


def operations(document: dict):
    return [(method, path, operation) for path, item in document["paths"].items()
            for method, operation in item.items() if method in METHODS and path.startswith("/api/v1/")]


@pytest.mark.parametrize("service", SERVICES)
def test_each_services_openapi_document_is_valid_openapi_3(service):
    validate(openapi_of(service))


@pytest.mark.parametrize("service", SERVICES)
def test_every_error_is_documented_as_problem_details_with_the_statuses_it_can_answer(service):
    document = openapi_of(service)
    assert "Error" not in document["components"]["schemas"]  # flask-smorest's own, which no answer has
    for name, response in document["components"]["responses"].items():
        for content_type in response.get("content", {}):
            assert content_type == "application/problem+json", name
    for method, path, operation in operations(document):
        statuses = set(operation["responses"])
        assert {"401", "403", "413", "429"} <= statuses, f"{method} {path}"
        if "{" in path:
            assert "404" in statuses, f"{method} {path}"
        if method in ("put", "patch", "delete"):
            assert {"412", "428"} <= statuses, f"{method} {path}"
            assert {"$ref": "#/components/parameters/IF_MATCH"} in operation["parameters"], f"{method} {path}"


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_declares_its_permission(service):
    document = openapi_of(service)
    undeclared = [f"{method.upper()} {path}" for path, item in document["paths"].items()
                  for method, operation in item.items()
                  if method in ("get", "post", "put", "patch", "delete") and "x-permission" not in operation]
    assert not undeclared


@pytest.mark.parametrize("document", ASYNCAPI_DOCUMENTS, ids=lambda path: path.parent.name)
def test_each_asyncapi_document_passes_the_official_parser(document):
    assert shutil.which("node"), "node is needed to run the AsyncAPI parser"
    assert (ASYNCAPI_TOOL / "node_modules" / "@asyncapi" / "parser").exists(), "run `make install`"
    result = subprocess.run(["node", "validate.mjs", str(document)], cwd=ASYNCAPI_TOOL, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
