"""users-roles refuses what the gateway would: no anonymous operation but signing in, no forged
token, no staff escalation, revocation within seconds, throttling that locks out no one."""
from __future__ import annotations

import base64
import re
import time
import uuid

import pytest
from b2b_shared.testing.forged_tokens import FORGERIES, forge
from b2b_shared.testing.identity import client_as

PASSWORD = "correct horse battery"
PARAMETER = re.compile(r"{[^}]+}")
PUBLIC = {("post", "/api/v1/auth/token"), ("post", "/api/v1/auth/service-token"), ("post", "/api/v1/auth/refresh"), ("post", "/api/v1/auth/revoke"),
          ("get", "/.well-known/jwks.json")}


def staff(client, *roles: str) -> dict:
    body = {"email": f"s-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD, "first_name": "S",
            "last_name": "Taff", "staff_roles": list(roles)}
    response = client.post("/api/v1/staff-users", json=body)
    assert response.status_code == 201, response.json
    return response.json


def sign_in(client, email: str, source: str = "10.0.0.1") -> dict:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD},
                           headers={"X-Forwarded-For": source})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def eventually_refused(client, path: str, headers: dict, seconds: float = 5.0) -> int:
    deadline = time.monotonic() + seconds
    while (status := client.get(path, headers=headers).status_code) != 401 and time.monotonic() < deadline:
        time.sleep(0.1)
    return status


def test_every_operation_but_signing_in_refuses_anonymous_and_garbage_tokens(anonymous):
    document = anonymous.get("/openapi.json").json
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            assert "x-permission" in operation, (method, path)
            if (method, path) in PUBLIC:
                assert operation["security"] == []
                continue
            url = PARAMETER.sub(str(uuid.uuid4()), path)
            for headers in ({}, {"Authorization": "Bearer garbage"}):
                assert anonymous.open(url, method=method.upper(), json={}, headers=headers).status_code == 401, path


def test_the_token_the_forgeries_start_from_is_accepted(anonymous, admin_headers):
    assert anonymous.get("/api/v1/staff-users", headers=admin_headers).status_code == 200


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_token_is_refused_with_401_and_nothing_is_fetched(app, anonymous, admin_headers, listener, forgery):
    good = admin_headers["Authorization"].removeprefix("Bearer ")
    key = app.extensions["users_roles.keys"].signing_key().private_key
    token = forge(forgery, good, key, elsewhere=listener.url)
    response = anonymous.get("/api/v1/staff-users", headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.content_type) == (401, "application/problem+json")
    assert listener.connections == 0


def test_a_sales_representative_cannot_create_an_administrator_and_support_writes_nothing(client, app):
    rep = sign_in(app.test_client(), staff(client, "sales_representative")["email"])
    body = {"email": f"evil-{uuid.uuid4().hex[:6]}@example.com", "password": PASSWORD, "first_name": "E",
            "last_name": "Vil", "staff_roles": ["administrator"]}
    assert client_as(app, rep).post("/api/v1/staff-users", json=body).status_code == 403
    support = client_as(app, sign_in(app.test_client(), staff(client, "support")["email"]))
    assert support.get("/api/v1/staff-users").status_code == 200
    assert support.post("/api/v1/staff-users", json=body).status_code == 403
    assert support.post("/api/v1/roles", json={"label": "X", "customer_id": None, "permissions": []}).status_code == 403


def test_a_disabled_and_a_deleted_staff_members_token_is_refused_within_five_seconds(client, app):
    for change in ("disable", "delete"):
        member = staff(client, "support")
        headers = sign_in(app.test_client(), member["email"])
        assert app.test_client().get("/api/v1/staff-users", headers=headers).status_code == 200
        etag = {"If-Match": f'"{member["version"]}"'}
        if change == "disable":
            assert client.patch(f"/api/v1/staff-users/{member['id']}", json={"enabled": False}, headers=etag).status_code == 200
        else:
            assert client.delete(f"/api/v1/staff-users/{member['id']}", headers=etag).status_code == 204
        assert eventually_refused(app.test_client(), "/api/v1/staff-users", headers) == 401, change


def test_a_password_reset_refuses_tokens_issued_before_it(client, app):
    member = staff(client, "support")
    old = sign_in(app.test_client(), member["email"])
    time.sleep(1.1)  # tokens carry whole seconds
    assert client.put(f"/api/v1/staff-users/{member['id']}/password", json={"password": "another long passphrase"}
                      ).status_code == 204
    assert eventually_refused(app.test_client(), "/api/v1/authz/me", old) == 401


def test_wrong_passwords_from_a_stranger_do_not_lock_the_owner_out(client, app):
    member = staff(client, "support")
    stranger = app.test_client()
    for _ in range(12):
        stranger.post("/api/v1/auth/token", json={"email": member["email"], "password": "wrong guess"},
                      headers={"X-Forwarded-For": "203.0.113.7"})
    locked = stranger.post("/api/v1/auth/token", json={"email": member["email"], "password": PASSWORD},
                           headers={"X-Forwarded-For": "203.0.113.7"})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert sign_in(app.test_client(), member["email"], source="198.51.100.2")


def test_me_says_who_the_caller_is(client, app, suite):
    me = client.get("/api/v1/authz/me").json
    assert me["kind"] == "staff" and me["staff_roles"] == ["administrator"]
    customer = suite.customer()
    user = suite.user(customer)
    mine = app.test_client().get("/api/v1/authz/me", headers=suite.bearer(user["email"])).json
    assert mine["customer_id"] == str(customer) and mine["roles"] == ["BUYER"]
    assert {"resource": "customer", "action": "VIEW", "access_level": "DEPARTMENT"} in mine["permissions"]


def test_a_service_acts_as_itself_with_the_client_credentials_grant_and_its_scopes_only(app, service_secret):
    anonymous = app.test_client()
    basic = {"Authorization": "Basic " + base64.b64encode(f"import:{service_secret}".encode()).decode()}
    granted = anonymous.post("/api/v1/auth/service-token", data={"grant_type": "client_credentials"}, headers=basic)
    assert granted.status_code == 200 and granted.json["scope"] == "customer_user:VIEW customer_user:CREATE"
    service = {"Authorization": f"Bearer {granted.json['access_token']}"}
    assert anonymous.get("/api/v1/customer-users", headers=service).status_code == 200
    assert anonymous.get("/api/v1/staff-users", headers=service).status_code == 403
    assert anonymous.get("/api/v1/authz/me", headers=service).json["kind"] == "service"
    wrong = anonymous.post("/api/v1/auth/service-token", json={"grant_type": "client_credentials",
                                                               "client_id": "import", "client_secret": "guess"})
    assert (wrong.status_code, wrong.json["error"]) == (401, "invalid_client")
    other = anonymous.post("/api/v1/auth/service-token", data={"grant_type": "password"}, headers=basic)
    assert (other.status_code, other.json["error"]) == (400, "unsupported_grant_type")
