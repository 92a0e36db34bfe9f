"""Small OpenAPI documents shaped like the services' own (flask-smorest's output): for stub services
to serve, so that merging can be tested without starting the suite."""
from __future__ import annotations

import re

PROBLEM = {"type": "object", "properties": {"title": {"type": "string"}, "status": {"type": "integer"},
                                            "detail": {"type": "string"}}}


def service_document(title: str, operations: dict[str, tuple[str, str, str]], schemas: dict[str, dict],
                     public: tuple[str, ...] = ()) -> dict:
    """`operations`: path -> (method, summary, name of the 200 answer's schema); paths in `public`
    are declared `security: []` like the services' @public operations."""
    paths: dict[str, dict] = {}
    for path, (method, summary, schema) in operations.items():
        paths.setdefault(path, {})[method] = {
            "summary": summary,
            "tags": [title.lower()],
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {
                    "$ref": f"#/components/schemas/{schema}"}}}},
                "default": {"$ref": "#/components/responses/DEFAULT_ERROR"},
            },
            "security": [] if path in public else [{"bearerAuth": []}],
        }
        paths[path]["parameters"] = [{"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
                                     for name in re.findall(r"{(\w+)}", path)]
    return {
        "openapi": "3.0.3",
        "info": {"title": f"{title} API", "version": "v1"},
        "tags": [{"name": title.lower(), "description": f"{title}."}],
        "paths": paths,
        "components": {
            "schemas": {"Error": PROBLEM, **schemas},
            "responses": {"DEFAULT_ERROR": {"description": "Default error response", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


def suite_documents() -> dict[str, dict]:
    """customers, users-roles and pricing, each with an operation or two; both customers and pricing
    call a schema "Customer" (with different fields), and all three share "Error"."""
    customers = service_document(
        "Customers",
        {"/api/v1/customers": ("get", "List customers", "CustomerPage"),
         "/api/v1/customers/{customer_id}": ("get", "Read a customer", "Customer")},
        {"Customer": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
         "CustomerPage": {"type": "object", "properties": {"items": {"type": "array", "items": {
             "$ref": "#/components/schemas/Customer"}}}}},
    )
    users_roles = service_document(
        "Users",
        {"/api/v1/auth/token": ("post", "Sign in", "TokenPair"),
         "/api/v1/authz/me": ("get", "Who the caller is", "Me"),
         "/api/v1/roles": ("get", "List roles", "Me")},
        {"TokenPair": {"type": "object", "properties": {"access_token": {"type": "string"}}},
         "Me": {"type": "object", "properties": {"user_id": {"type": "string"}}}},
        public=("/api/v1/auth/token",),
    )
    pricing = service_document(
        "Pricing",
        {"/api/v1/price-lists": ("get", "List price lists", "PriceList"),
         "/api/v1/prices/resolve": ("post", "Resolve prices", "Customer"),
         "/health/ready": ("get", "Not routed by the gateway", "PriceList")},
        {"Customer": {"type": "object", "properties": {"customer_id": {"type": "string"},
                                                       "currency": {"type": "string"}}},
         "PriceList": {"type": "object", "properties": {"name": {"type": "string"}}}},
    )
    return {"customers": customers, "users-roles": users_roles, "pricing": pricing}
