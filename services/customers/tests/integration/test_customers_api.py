"""The customers API against the real PostgreSQL: create, read, change, validation, ETags."""
from __future__ import annotations


def create(client, **fields):
    response = client.post("/api/v1/customers", json={"name": "Acme", **fields})
    assert response.status_code == 201, response.json
    return response.json


def test_a_created_customer_reads_back_with_version_1_and_its_etag(client, unique):
    created = create(client, name=f"Acme {unique}", external_id=f"ACME-{unique}")
    response = client.get(f"/api/v1/customers/{created['id']}")
    assert response.status_code == 200
    assert response.json["external_id"] == f"ACME-{unique}"
    assert response.json["version"] == 1
    assert response.headers["ETag"] == '"1"'


def test_phone_and_vat_id_are_normalised_and_tags_deduplicated(client):
    created = create(client, phone="+49 30 1234567", vat_id="de 136,695,976", tags=["VIP", " vip ", "Gold"])
    assert created["phone"] == "+49301234567"
    assert created["vat_id"] == "DE136695976"
    assert created["tags"] == ["vip", "gold"]


def test_an_invalid_vat_id_and_phone_are_field_errors_in_problem_details(client):
    response = client.post("/api/v1/customers", json={"name": "Bad", "vat_id": "DE136695977", "phone": "12"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert set(response.json["errors"]) == {"vat_id", "phone"}


def test_a_second_customer_with_the_same_external_id_is_a_conflict_on_that_field(client, unique):
    create(client, external_id=f"DUP-{unique}")
    response = client.post("/api/v1/customers", json={"name": "Other", "external_id": f"DUP-{unique}"})
    assert response.status_code == 409
    assert "external_id" in response.json["errors"]


def test_patch_without_if_match_is_428_and_with_a_stale_one_412(client):
    created = create(client)
    url = f"/api/v1/customers/{created['id']}"
    assert client.patch(url, json={"name": "New"}).status_code == 428
    assert client.patch(url, json={"name": "New"}, headers={"If-Match": '"7"'}).status_code == 412
    response = client.patch(url, json={"name": "New"}, headers={"If-Match": '"1"'})
    assert response.status_code == 200
    assert response.json["version"] == 2


def test_unknown_routes_and_methods_answer_problem_details(client):
    assert client.get("/api/v1/nothing-here").json["status"] == 404
    response = client.put("/api/v1/customers")
    assert response.status_code == 405
    assert response.content_type == "application/problem+json"
