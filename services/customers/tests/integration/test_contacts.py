"""Contact persons on a customer: CRUD with versions, one primary contact, search, and who sees them."""
from __future__ import annotations

import uuid

from b2b_shared.testing.identity import client_as

from .test_events import events_for


def level(resource: str, action: str, access_level: str) -> dict:
    return {"resource": resource, "action": action, "access_level": access_level}


def customer(client, **fields) -> str:
    response = client.post("/api/v1/customers", json={"name": "Acme", **fields})
    assert response.status_code == 201, response.json
    return response.json["id"]


def add(client, cid: str, **fields) -> dict:
    response = client.post(f"/api/v1/customers/{cid}/contacts", json={"last_name": "Doe", **fields})
    assert response.status_code == 201, response.json
    return response.json


def test_a_contact_is_created_read_changed_with_if_match_and_deleted(client):
    cid = customer(client)
    created = client.post(f"/api/v1/customers/{cid}/contacts", json={
        "first_name": "Jane", "last_name": "Doe", "job_title": "Buyer", "emails": ["jane@acme.example"],
        "phones": ["+49 30 1234567"]})
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"].endswith(created.json["id"])
    url = created.headers["Location"]
    assert client.get(url).json["phones"] == ["+49301234567"]
    assert client.patch(url, json={"job_title": "Head of purchasing"}).status_code == 428
    assert client.patch(url, json={"job_title": "Head"}, headers={"If-Match": '"7"'}).status_code == 412
    changed = client.patch(url, json={"job_title": "Head of purchasing"}, headers={"If-Match": '"1"'})
    assert (changed.status_code, changed.json["version"]) == (200, 2)
    assert client.delete(url, headers={"If-Match": '"2"'}).status_code == 204
    assert client.get(url).status_code == 404


def test_bad_emails_and_phones_are_reported_together_field_by_field(client):
    cid = customer(client)
    response = client.post(f"/api/v1/customers/{cid}/contacts",
                           json={"last_name": "Doe", "emails": ["not-an-email"], "phones": ["12"]})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"emails", "phones"}


def test_a_new_primary_contact_takes_the_flag_from_the_previous_one(client):
    cid = customer(client)
    first = add(client, cid, is_primary=True)
    second = add(client, cid, last_name="Roe")
    url = f"/api/v1/customers/{cid}/contacts"
    client.patch(f"{url}/{second['id']}", json={"is_primary": True}, headers={"If-Match": '"1"'})
    listed = client.get(url).json["items"]
    assert [(c["id"], c["is_primary"]) for c in listed] == [(second["id"], True), (first["id"], False)]


def test_contacts_are_found_by_part_of_a_name_an_email_or_a_phone_number(client):
    cid = customer(client)
    jane = add(client, cid, first_name="Jane", last_name="Müller", emails=["jane@acme.example"])
    john = add(client, cid, first_name="John", last_name="Smith", phones=["+49 30 7654321"])
    url = f"/api/v1/customers/{cid}/contacts"
    found = {term: [c["id"] for c in client.get(url, query_string={"q": term}).json["items"]]
             for term in ("müll", "JANE@ACME", "030 765", "nobody")}
    assert found == {"müll": [jane["id"]], "JANE@ACME": [jane["id"]], "030 765": [john["id"]], "nobody": []}


def test_the_contact_of_another_customer_is_not_found_under_this_one(client):
    cid, other = customer(client), customer(client)
    contact = add(client, other)
    assert client.get(f"/api/v1/customers/{cid}/contacts/{contact['id']}").status_code == 404


def test_a_customer_user_manages_its_own_companys_contacts_and_never_sees_another_companys(app, people, client):
    own, other = customer(client), customer(client)
    secret = add(client, other, emails=["ceo@other.example"])
    user = client_as(app, people.customer_user(own, [level("customer", "VIEW", "DEPARTMENT"),
                                                       level("customer", "EDIT", "DEPARTMENT")]))
    assert user.post(f"/api/v1/customers/{own}/contacts", json={"last_name": "Mine"}).status_code == 201
    assert [c["last_name"] for c in user.get(f"/api/v1/customers/{own}/contacts").json["items"]] == ["Mine"]
    for response in (user.get(f"/api/v1/customers/{other}/contacts"),
                     user.get(f"/api/v1/customers/{other}/contacts/{secret['id']}"),
                     user.patch(f"/api/v1/customers/{other}/contacts/{secret['id']}", json={"last_name": "X"},
                                headers={"If-Match": "*"}),
                     user.delete(f"/api/v1/customers/{other}/contacts/{secret['id']}", headers={"If-Match": "*"}),
                     user.post(f"/api/v1/customers/{other}/contacts", json={"last_name": "Spy"})):
        assert response.status_code == 404
    assert client.get(f"/api/v1/customers/{other}/contacts/{secret['id']}").json["version"] == 1


def test_contact_events_carry_the_contact_with_its_customer_and_version(client, config):
    cid = customer(client)
    contact = add(client, cid)
    url = f"/api/v1/customers/{cid}/contacts/{contact['id']}"
    client.patch(url, json={"first_name": "Jo"}, headers={"If-Match": '"1"'})
    client.delete(url, headers={"If-Match": '"2"'})
    events = events_for(config, contact["id"])
    assert [e["type"] for e in events] == ["customer_contact.created", "customer_contact.updated",
                                           "customer_contact.deleted"]
    assert [(e["data"]["customer_id"], e["data"]["version"]) for e in events] == [(cid, 1), (cid, 2), (cid, 3)]


def test_a_consumer_carries_first_and_last_name_and_a_business_does_not(client):
    consumer = client.post("/api/v1/customers", json={"name": "Jane Doe", "type": "consumer", "first_name": "Jane",
                                                      "last_name": "Doe"})
    assert (consumer.status_code, consumer.json["first_name"], consumer.json["last_name"]) == (201, "Jane", "Doe")
    business = client.post("/api/v1/customers", json={"name": "Acme", "first_name": "Jane"})
    assert business.status_code == 422
    assert set(business.json["errors"]) == {"first_name"}
    assert client.get(f"/api/v1/customers/{uuid.uuid4()}/contacts").status_code == 404
