"""Every /api/v1 request needs a verified bearer token, except the public list; the token goes
upstream unchanged, and identity headers a client makes up never do."""
from __future__ import annotations

import http.client
import urllib.parse

import pytest
import requests
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS
from gateway.testing.upstreams import closed_port_url

PROBLEM = "application/problem+json"


def test_a_request_without_a_token_is_a_401_problem_that_names_the_realm_without_an_error(gateway_url, upstream):
    response = requests.get(f"{gateway_url}/api/v1/customers", timeout=5)
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="b2b"'
    assert response.json()["status"] == 401
    assert upstream.received == []


@pytest.mark.parametrize("authorization", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer not.a.jwt", "Token abc"])
def test_a_malformed_authorization_is_a_401_invalid_token_problem(gateway_url, upstream, authorization):
    response = requests.get(f"{gateway_url}/api/v1/customers", headers={"Authorization": authorization}, timeout=5)
    assert response.status_code == 401
    assert response.headers["Content-Type"] == PROBLEM
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="b2b", error="invalid_token"'
    assert upstream.received == []


def test_a_good_token_is_forwarded_upstream_with_the_authorization_header_unchanged(gateway_url, upstream, signed_in):
    response = requests.post(f"{gateway_url}/api/v1/customers?x=1", json={"name": "Acme"}, headers=signed_in,
                             timeout=5)
    assert response.status_code == 200
    [received] = upstream.received
    assert (received.method, received.path) == ("POST", "/api/v1/customers?x=1")
    assert received.headers["Authorization"] == signed_in["Authorization"]
    assert received.body == b'{"name": "Acme"}'


def test_identity_headers_a_client_sends_never_reach_a_service(gateway_url, upstream, signed_in):
    made_up = {"X-User-Id": "u1", "X-Customer-Id": "c1", "X-Roles": "administrator", "X-Principal": "admin",
               "X-Forwarded-User": "admin", "X-Remote-User": "admin", "X-Auth-Request-User": "admin",
               "X-Authenticated-Userid": "admin", "X-Other": "kept"}
    requests.get(f"{gateway_url}/api/v1/customers", headers={**signed_in, **made_up}, timeout=5)
    [received] = upstream.received
    names = {name.lower() for name in received.headers}
    assert names.isdisjoint(name.lower() for name in made_up if name != "X-Other")
    assert received.headers["X-Other"] == "kept"


def test_x_forwarded_for_is_extended_with_the_clients_address(gateway_url, upstream, signed_in):
    requests.get(f"{gateway_url}/api/v1/customers", headers={**signed_in, "X-Forwarded-For": "203.0.113.9"},
                 timeout=5)
    assert upstream.received[0].headers["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/refresh"), ("POST", "/api/v1/auth/revoke"),
])
def test_signing_in_refreshing_and_revoking_need_no_token(gateway_url, upstream, method, path):
    response = requests.request(method, f"{gateway_url}{path}", json={}, timeout=5)
    assert response.status_code == 200
    assert upstream.received[0].path == path


def test_the_key_set_is_users_roles_own_passed_through(serve, config_for, stubs):
    users_roles = stubs({"/.well-known/jwks.json": (200, {"keys": [{"kid": "k1"}]})})
    url = serve(create_app(config_for({"users-roles": users_roles.url})))
    response = requests.get(f"{url}/.well-known/jwks.json", timeout=5)
    assert response.json() == {"keys": [{"kid": "k1"}]}
    assert users_roles.received[0].path == "/.well-known/jwks.json"


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/docs", "/docs/static/swagger-ui.css", "/health/live",
                                  "/health/ready", "/metrics"])
def test_docs_health_and_metrics_need_no_token(gateway_url, path):
    assert requests.get(f"{gateway_url}{path}", timeout=10).status_code == 200


def test_a_cors_preflight_needs_no_token(gateway_url, upstream):
    response = requests.options(f"{gateway_url}/api/v1/customers", timeout=5, headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"})
    assert response.status_code == 204
    assert upstream.received == []


@pytest.mark.parametrize("path", ["/api/v1/auth/../customers", "/api/v1/auth/%2e%2e/customers",
                                  "/docs/../api/v1/customers", "/health//../api/v1/customers"])
def test_a_path_that_climbs_out_of_a_public_prefix_needs_a_token(gateway_url, upstream, path):
    # http.client sends the path as written (requests would resolve the dot segments first).
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(gateway_url).netloc, timeout=5)
    connection.request("GET", path)
    assert connection.getresponse().status == 401
    assert upstream.received == []


def test_keys_that_cannot_be_fetched_make_a_503_not_a_500(serve, config_for, upstream, signed_in):
    config = config_for({service: upstream.url for service in DEFAULT_PORTS},
                        jwks_url=closed_port_url() + "/.well-known/jwks.json")
    response = requests.get(f"{serve(create_app(config))}/api/v1/customers", headers=signed_in, timeout=10)
    assert response.status_code == 503
    assert response.headers["Content-Type"] == PROBLEM
    assert upstream.received == []
