"""users-roles refuses what the gateway would: no anonymous operation but signing in, no forged
token, no staff escalation, revocation within seconds, throttling that locks out no one."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid

import jwt
from b2b_shared.testing.identity import client_as
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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


def forged(app, config, **changes) -> list[str]:
    """Tokens an attacker could make: each must be refused."""
    key = app.extensions["users_roles.keys"].signing_key()
    public_pem = key.private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    now = int(time.time())
    claims = {"sub": str(uuid.uuid4()), "kind": "staff", "iss": config.jwt_issuer, "aud": config.jwt_audience,
              "iat": now, "exp": now + 60, "jti": "x", **changes}
    sign = lambda body, **headers: jwt.encode(body, key.private_key, algorithm="RS256",  # noqa: E731
                                              headers={"kid": key.kid, **headers})
    b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    valid = sign(claims)
    header, body, _ = valid.split(".")
    return [
        f"{b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{body}.",
        hs256_with_public_key(header, body, public_pem, key.kid),
        sign({**claims, "exp": now - 120}),
        sign({**claims, "nbf": now + 600}),
        sign({**claims, "aud": "someone-else"}),
        sign({**claims, "iss": "someone-else"}),
        jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": "unknown-kid"}),
        sign(claims, jku="http://127.0.0.1:9/jwks.json"),
        sign(claims, x5u="http://127.0.0.1:9/cert.pem"),
        f"{header}.{body}.",
    ]


def hs256_with_public_key(header: str, body: str, public_pem: bytes, kid: str) -> str:
    """The algorithm-confusion attack: HMAC-SHA256 keyed with the RSA public key (PyJWT refuses
    to make one, so it is signed by hand)."""
    b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    signing_input = f"{b64(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': kid}).encode())}.{body}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def test_forged_tokens_are_refused_with_401_never_a_server_error(app, config, anonymous):
    for token in forged(app, config):
        response = anonymous.get("/api/v1/staff-users", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token


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


def test_a_role_deleted_while_it_is_being_assigned_is_a_conflict_not_a_server_error(client, suite):
    customer = suite.customer()
    statuses = []
    for _ in range(5):
        role = suite.role(customer, [])
        user = suite.user(customer)
        barrier = threading.Barrier(2)

        def assign():
            barrier.wait()
            statuses.append(client.patch(f"/api/v1/customer-users/{user['id']}", json={"role_ids": [role["id"]]},
                                         headers={"If-Match": f'"{user["version"]}"'}).status_code)

        def delete():
            barrier.wait()
            statuses.append(client.delete(f"/api/v1/roles/{role['id']}",
                                          headers={"If-Match": f'"{role["version"]}"'}).status_code)
        threads = [threading.Thread(target=assign), threading.Thread(target=delete)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert all(status < 500 for status in statuses), statuses
    assert set(statuses) <= {200, 204, 409, 422}  # 422: the role was gone before the assignment looked


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
