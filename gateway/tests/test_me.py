"""GET /api/v1/me: the caller, as users-roles' /api/v1/authz/me answers for the caller's token."""
from __future__ import annotations

import pytest
import requests
from gateway.app import create_app

ME = {"kind": "customer_user", "user_id": "u-1", "customer_id": "c-1", "roles": ["BUYER"],
      "permissions": [{"resource": "customer", "action": "VIEW", "access_level": "DEPARTMENT"}]}


@pytest.fixture
def users_roles(stubs):
    return stubs({"/api/v1/authz/me": (200, ME)})


@pytest.fixture
def url(serve, config_for, users_roles) -> str:
    return serve(create_app(config_for({"users-roles": users_roles.url})))


def test_me_answers_what_users_roles_says_of_the_callers_token(url, users_roles, signed_in):
    response = requests.get(f"{url}/api/v1/me", headers=signed_in, timeout=5)
    assert response.status_code == 200
    assert response.json() == ME
    [received] = users_roles.received
    assert (received.method, received.path) == ("GET", "/api/v1/authz/me")
    assert received.headers["Authorization"] == signed_in["Authorization"]


def test_me_without_a_token_is_a_401_and_users_roles_is_not_asked(url, users_roles):
    response = requests.get(f"{url}/api/v1/me", timeout=5)
    assert response.status_code == 401
    assert users_roles.received == []


def test_me_passes_on_users_roles_refusal(serve, config_for, stubs, signed_in):
    users_roles = stubs({"/api/v1/authz/me": (401, {"status": 401, "detail": "This user is disabled."})})
    url = serve(create_app(config_for({"users-roles": users_roles.url})))
    assert requests.get(f"{url}/api/v1/me", headers=signed_in, timeout=5).status_code == 401


def test_me_is_read_only(url, signed_in):
    assert requests.post(f"{url}/api/v1/me", headers=signed_in, timeout=5).status_code == 405


def test_me_when_users_roles_is_down_is_a_503_problem(serve, config_for, signed_in):
    response = requests.get(f"{serve(create_app(config_for()))}/api/v1/me", headers=signed_in, timeout=5)
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
