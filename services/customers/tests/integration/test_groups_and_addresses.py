"""Customer groups and the address book."""
from __future__ import annotations


def group(client, unique, code=None):
    response = client.post("/api/v1/customer-groups", json={"name": "Wholesale", "code": code or f"wh-{unique}"})
    assert response.status_code == 201, response.json
    return response.json


def customer(client, **fields):
    return client.post("/api/v1/customers", json={"name": "Acme", **fields}).json


def test_a_group_code_is_unique(client, unique):
    group(client, unique)
    response = client.post("/api/v1/customer-groups", json={"name": "Other", "code": f"wh-{unique}"})
    assert response.status_code == 409
    assert "code" in response.json["errors"]


def test_a_customers_group_can_be_set_changed_and_unset(client, unique):
    first, second = group(client, unique, f"g1-{unique}"), group(client, unique, f"g2-{unique}")
    created = customer(client, group_id=first["id"])
    url = f"/api/v1/customers/{created['id']}"
    changed = client.patch(url, json={"group_id": second["id"]}, headers={"If-Match": '"1"'}).json
    assert changed["group_id"] == second["id"]
    unset = client.patch(url, json={"group_id": None}, headers={"If-Match": '"2"'}).json
    assert unset["group_id"] is None


def test_a_group_with_customers_cannot_be_deleted(client, unique):
    g = group(client, unique)
    customer(client, group_id=g["id"])
    assert client.delete(f"/api/v1/customer-groups/{g['id']}", headers={"If-Match": '"1"'}).status_code == 409


def address(**fields):
    return {"types": ["billing", "shipping"], "street": "Hauptstr. 1", "city": "Berlin", "country_code": "DE", **fields}


def test_a_new_default_billing_address_takes_the_flag_from_the_old_one(client):
    cid = customer(client)["id"]
    url = f"/api/v1/customers/{cid}/addresses"
    old = client.post(url, json=address(default_billing=True)).json
    new = client.post(url, json=address(default_billing=True, street="Nebenstr. 2")).json
    book = {a["id"]: a for a in client.get(url).json["items"]}
    assert book[new["id"]]["default_billing"] is True
    assert book[old["id"]]["default_billing"] is False
    assert book[old["id"]]["version"] == 2


def test_making_an_existing_address_the_default_clears_the_previous_default(client):
    cid = customer(client)["id"]
    url = f"/api/v1/customers/{cid}/addresses"
    old = client.post(url, json=address(default_shipping=True)).json
    other = client.post(url, json=address(street="Other 3")).json
    client.patch(f"{url}/{other['id']}", json={"default_shipping": True}, headers={"If-Match": '"1"'})
    assert client.get(f"{url}/{old['id']}").json["default_shipping"] is False
    assert client.get(f"{url}/{other['id']}").json["default_shipping"] is True


def test_country_and_region_are_checked_against_iso_3166(client):
    cid = customer(client)["id"]
    url = f"/api/v1/customers/{cid}/addresses"
    assert client.post(url, json=address(country_code="XX")).json["errors"].keys() == {"country_code"}
    assert client.post(url, json=address(region_code="CA")).json["errors"].keys() == {"region_code"}
    assert client.post(url, json=address(country_code="us", region_code="CA")).json["region_code"] == "US-CA"


def test_only_a_billing_address_can_be_the_default_billing_address(client):
    cid = customer(client)["id"]
    response = client.post(f"/api/v1/customers/{cid}/addresses", json=address(types=["shipping"], default_billing=True))
    assert response.status_code == 422
    assert "default_billing" in response.json["errors"]


def test_notes_list_newest_first_with_their_author(client):
    cid = customer(client)["id"]
    url = f"/api/v1/customers/{cid}/notes"
    client.post(url, json={"text": "first call", "author_name": "Sam"})
    client.post(url, json={"text": "sent the quote", "author_name": "Sam"})
    items = client.get(url).json["items"]
    assert [n["text"] for n in items] == ["sent the quote", "first call"]
    assert items[0]["author_name"] == "Sam"


def test_every_bad_field_of_an_address_is_reported_at_once(client):
    cid = customer(client)["id"]
    response = client.post(f"/api/v1/customers/{cid}/addresses", json=address(street="", country_code="XX", phone="12"))
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"street", "country_code"}
    response = client.post(f"/api/v1/customers/{cid}/addresses", json=address(city="", region_code="XX", phone="12"))
    assert set(response.json["errors"]) == {"city", "region_code", "phone"}
