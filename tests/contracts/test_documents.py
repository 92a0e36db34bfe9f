"""The published contracts validate with the ecosystem's own tools: every service's OpenAPI
document with openapi-spec-validator, every AsyncAPI document with the official AsyncAPI parser
(npm @asyncapi/parser, installed by `make install` into tools/asyncapi)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openapi_spec_validator import validate

ROOT = Path(__file__).resolve().parents[2]
ASYNCAPI_TOOL = ROOT / "tools" / "asyncapi"
ASYNCAPI_DOCUMENTS = sorted(ROOT.glob("services/*/asyncapi.yaml"))


def service_apps():
    from customers.app import create_app as customers
    from pricing.app import create_app as pricing
    from users_roles.app import create_app as users_roles

    return {"customers": customers, "users-roles": users_roles, "pricing": pricing}


@pytest.mark.parametrize("service", ["customers", "users-roles", "pricing"])
def test_each_services_openapi_document_is_valid_openapi_3(service):
    document = service_apps()[service]().test_client().get("/openapi.json").json
    validate(document)


@pytest.mark.parametrize("service", ["customers", "users-roles", "pricing"])
def test_every_operation_declares_its_permission(service):
    document = service_apps()[service]().test_client().get("/openapi.json").json
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
