"""GET /api/v1/openapi.json at the gateway: one valid OpenAPI 3 document made of every service's own
(fetched from stub services over HTTP), with the gateway's /api/v1/me, a service that is down left
out and named, and the result cached briefly."""
from __future__ import annotations

import pytest
import requests
from gateway.app import create_app
from gateway.testing.documents import suite_documents
from openapi_spec_validator import validate


@pytest.fixture
def services(stubs) -> dict:
    """customers, users-roles and pricing, each serving its document at /openapi.json."""
    return {name: stubs({"/openapi.json": (200, document)}) for name, document in suite_documents().items()}


def document_of(serve, config_for, services: dict, **settings) -> tuple[str, dict]:
    url = serve(create_app(config_for({name: stub.url for name, stub in services.items()}, **settings)))
    response = requests.get(f"{url}/api/v1/openapi.json", timeout=10)
    assert response.status_code == 200
    return url, response.json()


def test_the_gateway_serves_one_valid_document_with_every_services_operations(serve, config_for, services):
    _, document = document_of(serve, config_for, services)
    validate(document)
    assert {"/api/v1/customers", "/api/v1/roles", "/api/v1/price-lists", "/api/v1/me"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_gateways_own_me_is_documented_with_the_answer_users_roles_documents(serve, config_for, services):
    _, document = document_of(serve, config_for, services)
    me = document["paths"]["/api/v1/me"]["get"]
    assert me["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Me"}
    assert "security" not in me  # the global bearer token


def test_a_service_that_is_down_is_left_out_and_named(serve, config_for, services):
    services["pricing"].close()
    _, document = document_of(serve, config_for, services)
    validate(document)
    assert not any(path.startswith("/api/v1/price") for path in document["paths"])
    assert set(document["x-unavailable"]) == {"pricing", "import"}  # import: no stub at all
    assert "pricing" in document["info"]["description"].split("Not available right now")[1]


def test_a_service_answering_an_error_instead_of_a_document_is_left_out(serve, config_for, services, stubs):
    services["customers"] = stubs({"/openapi.json": (500, {"status": 500})})
    _, document = document_of(serve, config_for, services)
    assert "customers" in document["x-unavailable"]
    assert "/api/v1/customers" not in document["paths"]


def test_the_document_is_cached_for_a_short_time(serve, config_for, services):
    url, _ = document_of(serve, config_for, services, openapi_cache_seconds=60)
    requests.get(f"{url}/api/v1/openapi.json", timeout=10)
    assert len(services["customers"].received) == 1


def test_without_a_cache_every_request_asks_the_services_again(serve, config_for, services):
    url, _ = document_of(serve, config_for, services, openapi_cache_seconds=0)
    requests.get(f"{url}/api/v1/openapi.json", timeout=10)
    assert len(services["customers"].received) == 2
