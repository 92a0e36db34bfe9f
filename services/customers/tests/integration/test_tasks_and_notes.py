"""Tasks on customers (staff only, assigned to staff, by due date) and notes changed by their author."""
from __future__ import annotations

import datetime as dt
import uuid

from b2b_shared.testing.identity import client_as, user_id_of

from .test_events import events_for

TODAY = dt.datetime.now(dt.timezone.utc).date()


def level(resource: str, action: str, access_level: str) -> dict:
    return {"resource": resource, "action": action, "access_level": access_level}


def customer(client, **fields) -> str:
    response = client.post("/api/v1/customers", json={"name": "Acme", **fields})
    assert response.status_code == 201, response.json
    return response.json["id"]


def task(client, cid: str, due: dt.date, **fields) -> dict:
    response = client.post(f"/api/v1/customers/{cid}/tasks", json={"title": "Call", "due_date": due.isoformat(), **fields})
    assert response.status_code == 201, response.json
    return response.json


def test_a_task_is_created_by_the_caller_changed_with_if_match_marked_done_and_deleted(client, admin_headers, config):
    cid = customer(client)
    created = task(client, cid, TODAY + dt.timedelta(days=3), description="About the renewal")
    assert (created["status"], created["overdue"], created["author_id"]) == ("open", False, user_id_of(admin_headers))
    url = f"/api/v1/customers/{cid}/tasks/{created['id']}"
    assert client.patch(url, json={"status": "done"}).status_code == 428
    done = client.patch(url, json={"status": "done"}, headers={"If-Match": '"1"'})
    assert (done.status_code, done.json["status"], done.headers["ETag"]) == (200, "done", '"2"')
    assert client.delete(url, headers={"If-Match": '"2"'}).status_code == 204
    events = events_for(config, created["id"])
    assert [e["type"] for e in events] == ["customer_task.created", "customer_task.updated", "customer_task.deleted"]
    assert [(e["data"]["customer_id"], e["data"]["version"]) for e in events] == [(cid, 1), (cid, 2), (cid, 3)]


def test_a_task_is_assigned_only_to_a_staff_user_who_exists(client, people):
    cid = customer(client)
    stranger, buyer = str(uuid.uuid4()), people.customer_user(cid, [])
    for assignee in (stranger, user_id_of(buyer)):
        response = client.post(f"/api/v1/customers/{cid}/tasks", json={"title": "Call", "due_date": "2030-01-01",
                                                                        "assignee_id": assignee})
        assert response.status_code == 422
        assert assignee in response.json["errors"]["assignee_id"][0]
    rep = user_id_of(people.staff("sales_representative"))
    assert task(client, cid, TODAY, assignee_id=rep)["assignee_id"] == rep


def test_a_staff_users_open_tasks_across_customers_come_by_due_date_and_the_overdue_are_one_filter(client, people):
    rep = user_id_of(people.staff("sales_representative"))
    first, second = customer(client), customer(client)
    late = task(client, first, TODAY - dt.timedelta(days=2), assignee_id=rep)
    soon = task(client, second, TODAY + dt.timedelta(days=1), assignee_id=rep)
    later = task(client, first, TODAY + dt.timedelta(days=9), assignee_id=rep)
    done = task(client, second, TODAY - dt.timedelta(days=5), assignee_id=rep)
    client.patch(f"/api/v1/customers/{second}/tasks/{done['id']}", json={"status": "done"}, headers={"If-Match": '"1"'})
    task(client, first, TODAY - dt.timedelta(days=1))  # someone else's

    def listed(**query) -> list[str]:
        return [t["id"] for t in client.get("/api/v1/customers/tasks", query_string={"assignee_id": rep, **query}).json["items"]]

    assert listed(status="open") == [late["id"], soon["id"], later["id"]]
    assert listed(overdue="true") == [late["id"]]
    pages = client.get("/api/v1/customers/tasks", query_string={"assignee_id": rep, "status": "open", "limit": 2}).json
    rest = client.get("/api/v1/customers/tasks", query_string={"assignee_id": rep, "status": "open", "limit": 2,
                                                               "cursor": pages["next_cursor"]}).json
    assert [t["id"] for t in pages["items"] + rest["items"]] == [late["id"], soon["id"], later["id"]]
    own = client.get(f"/api/v1/customers/{first}/tasks").json["items"]
    assert [t["due_date"] for t in own] == sorted(t["due_date"] for t in own)


def test_tasks_are_internal_and_a_sales_rep_sees_only_its_customers_tasks(client, app, people):
    rep_headers = people.staff("sales_representative")
    mine = customer(client, sales_rep_ids=[user_id_of(rep_headers)])
    theirs = customer(client)
    visible, hidden = task(client, mine, TODAY), task(client, theirs, TODAY)
    rep = client_as(app, rep_headers)
    across = {t["id"] for t in rep.get("/api/v1/customers/tasks").json["items"]}
    assert visible["id"] in across and hidden["id"] not in across
    assert rep.get(f"/api/v1/customers/{theirs}/tasks").status_code == 404
    assert rep.get(f"/api/v1/customers/{theirs}/tasks/{hidden['id']}").status_code == 404
    buyer = client_as(app, people.customer_user(theirs, [level("customer", "VIEW", "CORPORATE"),
                                                          level("customer", "EDIT", "CORPORATE")]))
    assert buyer.get(f"/api/v1/customers/{theirs}/tasks").status_code == 403
    assert buyer.get("/api/v1/customers/tasks").status_code == 403


def test_a_note_takes_its_author_from_the_token_and_only_the_author_or_an_administrator_changes_it(client, app, people):
    author_headers, colleague_headers = people.staff("sales_representative"), people.staff("sales_representative")
    cid = customer(client, sales_rep_ids=[user_id_of(author_headers), user_id_of(colleague_headers)])
    author, colleague = client_as(app, author_headers), client_as(app, colleague_headers)
    note = author.post(f"/api/v1/customers/{cid}/notes", json={"text": "Call after the fair", "author_id": str(uuid.uuid4())})
    assert note.status_code == 422  # author_id is not the caller's to say
    note = author.post(f"/api/v1/customers/{cid}/notes", json={"text": "Call after the fair"}).json
    assert note["author_id"] == user_id_of(author_headers)
    url = f"/api/v1/customers/{cid}/notes/{note['id']}"
    assert colleague.patch(url, json={"text": "Mine"}, headers={"If-Match": '"1"'}).status_code == 403
    assert colleague.delete(url, headers={"If-Match": '"1"'}).status_code == 403
    changed = author.patch(url, json={"text": "Call after the fair, in March"}, headers={"If-Match": '"1"'})
    assert (changed.status_code, changed.json["version"]) == (200, 2)
    assert client.delete(url, headers={"If-Match": '"2"'}).status_code == 204  # an administrator
    assert client.get(url).status_code == 404


def test_note_events_carry_the_note_with_its_customer_and_version(client, config):
    cid = customer(client)
    note = client.post(f"/api/v1/customers/{cid}/notes", json={"text": "first"}).json
    url = f"/api/v1/customers/{cid}/notes/{note['id']}"
    client.patch(url, json={"text": "second"}, headers={"If-Match": '"1"'})
    client.delete(url, headers={"If-Match": '"2"'})
    events = events_for(config, note["id"])
    assert [e["type"] for e in events] == ["customer_note.created", "customer_note.updated", "customer_note.deleted"]
    assert [(e["data"]["customer_id"], e["data"]["version"]) for e in events] == [(cid, 1), (cid, 2), (cid, 3)]


def test_a_customer_user_never_reads_or_changes_another_companys_notes(client, app, people):
    own, other = customer(client), customer(client)
    note = client.post(f"/api/v1/customers/{other}/notes", json={"text": "credit risk"}).json
    user = client_as(app, people.customer_user(own, [level("customer", "VIEW", "CORPORATE"),
                                                      level("customer", "EDIT", "CORPORATE")]))
    url = f"/api/v1/customers/{other}/notes/{note['id']}"
    assert user.get(url).status_code == 403
    assert user.patch(url, json={"text": "x"}, headers={"If-Match": "*"}).status_code == 403
    assert user.delete(url, headers={"If-Match": "*"}).status_code == 403
    rep = client_as(app, people.staff("sales_representative"))  # represents neither
    assert rep.get(url).status_code == 404
    assert rep.delete(url, headers={"If-Match": "*"}).status_code == 404
    assert client.get(url).json["text"] == "credit risk"
