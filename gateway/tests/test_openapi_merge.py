"""Merging the services' OpenAPI documents into one (openapi_merge.merge), without a network."""
from __future__ import annotations

from gateway.openapi_merge import component_renames, merge
from gateway.public import is_public
from gateway.routes import owner_of
from gateway.testing.documents import service_document, suite_documents
from openapi_spec_validator import validate

INFO = {"title": "B2B", "version": "v1"}


def merged(documents=None) -> dict:
    return merge(documents or suite_documents(), owner_of, is_public, INFO)


def test_the_merged_document_is_valid_openapi_3():
    validate(merged())


def test_a_name_two_services_use_for_different_schemas_gets_each_services_prefix():
    schemas = merged()["components"]["schemas"]
    assert "Customer" not in schemas
    assert schemas["CustomersCustomer"]["properties"].keys() == {"id", "name"}
    assert schemas["PricingCustomer"]["properties"].keys() == {"customer_id", "currency"}


def test_refs_follow_the_renamed_schemas():
    document = merged()
    page = document["components"]["schemas"]["CustomerPage"]
    assert page["properties"]["items"]["items"]["$ref"] == "#/components/schemas/CustomersCustomer"
    resolve = document["paths"]["/api/v1/prices/resolve"]["post"]["responses"]["200"]
    assert resolve["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/PricingCustomer"


def test_a_schema_the_services_share_unchanged_is_kept_once_under_its_name():
    document = merged()
    assert "Error" in document["components"]["schemas"]
    assert not any(name.endswith("Error") and name != "Error" for name in document["components"]["schemas"])


def test_a_schema_that_only_points_at_a_clashing_one_is_renamed_too():
    wrapper = {"type": "object", "properties": {"customer": {"$ref": "#/components/schemas/Customer"}}}
    one = service_document("Customers", {"/api/v1/customers": ("get", "a", "Wrapper")},
                           {"Wrapper": wrapper, "Customer": {"type": "object", "properties": {"a": {}}}})
    other = service_document("Pricing", {"/api/v1/prices": ("get", "b", "Wrapper")},
                             {"Wrapper": wrapper, "Customer": {"type": "object", "properties": {"b": {}}}})
    renames = component_renames({"customers": one, "pricing": other})
    assert renames["customers"][("schemas", "Wrapper")] == "CustomersWrapper"
    assert renames["pricing"][("schemas", "Wrapper")] == "PricingWrapper"
    validate(merged({"customers": one, "pricing": other}))


def test_everything_needs_a_bearer_token_but_the_operations_anyone_may_call():
    document = merged()
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"], scheme["bearerFormat"]) == ("http", "bearer", "JWT")
    assert document["security"] == [{"bearerAuth": []}]
    assert document["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    assert "security" not in document["paths"]["/api/v1/customers"]["get"]


def test_an_operation_under_auth_that_its_service_protects_stays_protected():
    users = service_document("Users", {"/api/v1/auth/password": ("post", "Change one's password", "Me")},
                             {"Me": {"type": "object"}})
    assert "security" not in merged({"users-roles": users})["paths"]["/api/v1/auth/password"]["post"]


def test_paths_the_gateway_does_not_route_to_that_service_are_left_out():
    paths = merged()["paths"]
    assert "/health/ready" not in paths
    stray = service_document("Pricing", {"/api/v1/customers/{id}/prices": ("get", "not ours", "Price")},
                             {"Price": {"type": "object"}})
    assert merged({"pricing": stray})["paths"] == {}


def test_two_services_naming_an_operation_alike_get_distinct_operation_ids():
    one = service_document("Customers", {"/api/v1/customers": ("get", "a", "Thing")}, {"Thing": {"type": "object"}})
    other = service_document("Pricing", {"/api/v1/prices": ("get", "b", "Thing")}, {"Thing": {"type": "object"}})
    one["paths"]["/api/v1/customers"]["get"]["operationId"] = "list"
    other["paths"]["/api/v1/prices"]["get"]["operationId"] = "list"
    document = merged({"customers": one, "pricing": other})
    ids = [item["get"]["operationId"] for item in document["paths"].values()]
    assert len(set(ids)) == 2
    validate(document)
