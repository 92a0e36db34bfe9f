"""A customer's administrator imports and exports its own customer users through the gateway (issue 9's
last workflow bullet): the rows of its company and subsidiaries are applied, a row naming another
company fails like one naming no customer at all, its export holds only what it reaches; a buyer may
not import. users-roles decides each row (b2b_shared/messaging/import_batches.py, Entity.scoped)."""
from __future__ import annotations

import csv
import io
import uuid

import pytest
from test_export_jobs import created, eventually, export_file
from test_import import finished, rows_of

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"
HEADER = "email,first_name,last_name,customer_external_id,roles"


def global_role(admin, name: str) -> str:
    roles = admin.get("/api/v1/roles?limit=500").json()["items"]
    return next(role["id"] for role in roles if role["name"] == name and role["customer_id"] is None)


def person(suite, admin, customer: dict, role: str) -> tuple[dict, object]:
    """A user of the customer with a global role, made by the back office once users-roles knows the customer,
    and its own client through the gateway."""
    body = {"customer_id": customer["id"], "email": f"u-{uuid.uuid4().hex[:10]}@example.com", "password": PASSWORD,
            "first_name": "Amanda", "last_name": "Smith", "role_ids": [global_role(admin, role)]}
    return created(admin, "/api/v1/customer-users", body), suite.client(suite.sign_in(body["email"], PASSWORD))


@pytest.fixture(scope="module")
def world(suite, admin) -> dict:
    """Company A with a subsidiary, and company B; A's administrator and buyer, a user of each other customer."""
    key = uuid.uuid4().hex[:8].upper()
    a = admin.post("/api/v1/customers", json={"name": f"A {key}", "external_id": f"A-{key}"}).json()
    child = admin.post("/api/v1/customers", json={"name": f"A child {key}", "external_id": f"AC-{key}",
                                                  "parent_id": a["id"]}).json()
    b = admin.post("/api/v1/customers", json={"name": f"B {key}", "external_id": f"B-{key}"}).json()
    a_admin, a_client = person(suite, admin, a, "ADMINISTRATOR")
    a_buyer, buyer_client = person(suite, admin, a, "BUYER")
    child_user, _ = person(suite, admin, child, "BUYER")
    b_user, _ = person(suite, admin, b, "BUYER")
    return {"key": key, "a": a, "child": child, "b": b, "a_client": a_client, "buyer_client": buyer_client,
            "a_users": [a_admin, a_buyer, child_user], "b_user": b_user}


def upload(client, content: str, mode: str = "import"):
    """The job, once the import service has heard of the caller (its principal read model, by event)."""
    return eventually(lambda: client.post("/api/v1/import-jobs", data={"entity": "customer_users", "mode": mode},
                                          files={"file": ("users.csv", content.encode(), "text/csv")}),
                      lambda response: response.status_code != 401)


def test_a_customer_administrator_imports_users_of_its_company_and_subsidiary_not_of_another(world):
    key, client = world["key"], world["a_client"]
    content = "\r\n".join([HEADER, f"new-a-{key}@example.com,New,A,A-{key},BUYER",
                           f"new-child-{key}@example.com,New,Child,AC-{key},",
                           f"new-b-{key}@example.com,New,B,B-{key},", f"nobody-{key}@example.com,No,Body,NONE-{key},",
                           ""])
    response = upload(client, content)
    assert response.status_code == 202, response.text
    job = finished(client, response.json()["id"])
    assert (job["created"], job["failed"]) == (2, 2), job
    rows = rows_of(client, job["id"])
    # B exists, yet its row reads exactly as the one naming no customer: nothing says B is there.
    assert rows[4]["errors"] == rows[5]["errors"] == {"customer_external_id": ["No customer has this external id."]}
    emails = {user["email"] for user in client.get("/api/v1/customer-users?limit=500").json()["items"]}
    assert {f"new-a-{key}@example.com", f"new-child-{key}@example.com"} <= emails
    assert f"new-b-{key}@example.com" not in emails


def test_a_customer_administrators_export_holds_only_its_company_and_imports_back_unchanged(world):
    key, client = world["key"], world["a_client"]
    job, content = export_file(client, "customer_users", {})
    emails = {row["email"] for row in csv.DictReader(io.StringIO(content.decode()))}
    assert {user["email"] for user in world["a_users"]} <= emails
    assert world["b_user"]["email"] not in emails and f"new-b-{key}@example.com" not in emails
    back = finished(client, upload(client, content.decode()).json()["id"])
    assert (back["created"], back["updated"], back["failed"], back["unchanged"]) == (0, 0, 0, job["rows"])


def test_a_buyer_may_not_import_customer_users(world):
    response = upload(world["buyer_client"], f"{HEADER}\r\nx-{world['key']}@example.com,X,Y,A-{world['key']},\r\n")
    assert response.status_code == 403
    assert response.headers["Content-Type"] == "application/problem+json"
