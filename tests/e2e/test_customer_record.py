"""The customer record through the gateway (issue 11, part A): contacts, tasks for staff users that
customers learns of from users-roles' events, notes by their author, and the list's filters that
read users-roles' users (has_account, sales_rep_id)."""
from __future__ import annotations

import datetime as dt
import time

import jwt
import pytest

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery"


def eventually(action, accept, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        result = action()
        if accept(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def staff_user(admin, unique: str, role: str = "sales_representative") -> str:
    body = {"email": f"rep.{unique}@example.com", "password": PASSWORD, "first_name": "Rita", "last_name": "Rep",
            "staff_roles": [role]}
    response = admin.post("/api/v1/staff-users", json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_new_staff_user_becomes_a_sales_rep_and_an_assignee_and_finds_its_overdue_tasks(admin, unique):
    rep = staff_user(admin, unique)
    # customers learns of the staff user from users-roles' staff_user.created event, within moments.
    created = eventually(lambda: admin.post("/api/v1/customers", json={"name": f"Rep's {unique}", "sales_rep_ids": [rep]}),
                         lambda response: response.status_code == 201)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    refused = admin.post("/api/v1/customers", json={"name": "x", "sales_rep_ids": [cid]})
    assert refused.status_code == 422 and cid in refused.json()["errors"]["sales_rep_ids"][0]
    listed = admin.get("/api/v1/customers", params={"sales_rep_id": rep}).json()["items"]
    assert [c["id"] for c in listed] == [cid]

    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    task = admin.post(f"/api/v1/customers/{cid}/tasks", json={"title": "Send the offer", "due_date": yesterday,
                                                              "assignee_id": rep})
    assert task.status_code == 201, task.text
    overdue = admin.get("/api/v1/customers/tasks", params={"assignee_id": rep, "overdue": "true"}).json()["items"]
    assert [(t["id"], t["overdue"]) for t in overdue] == [(task.json()["id"], True)]


def test_contacts_and_notes_through_the_gateway(admin, unique):
    cid = admin.post("/api/v1/customers", json={"name": f"Contacts {unique}"}).json()["id"]
    url = f"/api/v1/customers/{cid}/contacts"
    jane = admin.post(url, json={"first_name": "Jane", "last_name": f"Doe{unique}", "phones": ["+49 30 1234567"],
                                 "is_primary": True})
    assert (jane.status_code, jane.headers["ETag"]) == (201, '"1"')
    assert [c["id"] for c in admin.get(url, params={"q": "030 1234"}).json()["items"]] == [jane.json()["id"]]
    changed = admin.patch(f"{url}/{jane.json()['id']}", json={"job_title": "CFO"}, headers={"If-Match": '"1"'})
    assert changed.json()["job_title"] == "CFO"

    note = admin.post(f"/api/v1/customers/{cid}/notes", json={"text": "Met at the fair"}).json()
    me = jwt.decode(admin.session.headers["Authorization"].split()[1], options={"verify_signature": False})["sub"]
    assert note["author_id"] == me
    edited = admin.patch(f"/api/v1/customers/{cid}/notes/{note['id']}", json={"text": "Met at the fair in May"},
                         headers={"If-Match": '"1"'})
    assert edited.status_code == 200


def test_has_account_follows_users_roles_and_customer_users_are_searchable(admin, unique):
    with_user = admin.post("/api/v1/customers", json={"name": f"Account {unique}"}).json()["id"]
    admin.post("/api/v1/customers", json={"name": f"No account {unique}"})
    user = {"customer_id": with_user, "email": f"buyer.{unique}@example.com", "password": PASSWORD,
            "first_name": "Bea", "last_name": f"Buyer{unique}"}
    created = eventually(lambda: admin.post("/api/v1/customer-users", json=user),
                         lambda response: response.status_code == 201)
    assert created.status_code == 201, created.text
    found = eventually(lambda: admin.get("/api/v1/customers", params={"q": unique, "has_account": "true"}).json(),
                       lambda body: len(body["items"]) == 1)
    assert [c["id"] for c in found["items"]] == [with_user]
    users = admin.get("/api/v1/customer-users", params={"q": f"buyer{unique}"}).json()["items"]
    assert [u["id"] for u in users] == [created.json()["id"]]


def test_an_unknown_query_parameter_is_a_400_through_the_gateway(admin):
    response = admin.get("/api/v1/customers", params={"has_acount": "true"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"has_acount": ["Unknown query parameter."]}
