"""The customer list's filters and sorts (seed 003), strict query parameters, sales representatives
checked against staff users, and every field error of a request in one answer."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.testing.identity import user_id_of


def customer(client, name: str, **fields) -> str:
    response = client.post("/api/v1/customers", json={"name": name, **fields})
    assert response.status_code == 201, response.json
    return response.json["id"]


def names(client, **query) -> list[str]:
    response = client.get("/api/v1/customers", query_string={"limit": 500, **query})
    assert response.status_code == 200, response.json
    return [item["name"] for item in response.json["items"]]


def test_has_account_tells_customers_with_a_customer_user_from_those_without(client, people, unique):
    with_account = customer(client, f"with {unique}")
    customer(client, f"without {unique}")
    people.customer_user(with_account, [])
    assert names(client, q=unique, has_account="true") == [f"with {unique}"]
    assert names(client, q=unique, has_account="false") == [f"without {unique}"]


def test_sales_rep_id_lists_the_customers_a_staff_user_represents(client, people, unique):
    rep = user_id_of(people.staff("sales_representative"))
    customer(client, f"represented {unique}", sales_rep_ids=[rep])
    customer(client, f"other {unique}")
    assert names(client, q=unique, sales_rep_id=rep) == [f"represented {unique}"]


def test_sales_representatives_must_be_staff_users_and_the_error_names_the_unknown_ids(client, people):
    rep, stranger = user_id_of(people.staff("sales_representative")), str(uuid.uuid4())
    buyer = user_id_of(people.customer_user(uuid.uuid4(), []))
    response = client.post("/api/v1/customers", json={"name": "Acme", "sales_rep_ids": [rep, stranger, buyer]})
    assert response.status_code == 422
    [message] = response.json["errors"]["sales_rep_ids"]
    assert stranger in message and buyer in message and rep not in message
    cid = customer(client, "Acme", sales_rep_ids=[rep])
    refused = client.patch(f"/api/v1/customers/{cid}", json={"sales_rep_ids": [rep, stranger]}, headers={"If-Match": '"1"'})
    assert refused.status_code == 422


def test_repeated_tags_match_all_by_default_or_any(client, unique):
    customer(client, f"both {unique}", tags=[f"a{unique}", f"b{unique}"])
    customer(client, f"only a {unique}", tags=[f"a{unique}"])
    customer(client, f"none {unique}")
    tags = [("tag", f"a{unique}"), ("tag", f"B{unique}")]
    assert names(client, q=unique, tag=[t for _, t in tags]) == [f"both {unique}"]
    assert names(client, q=unique, tag=[t for _, t in tags], tag_match="any") == [f"both {unique}", f"only a {unique}"]


def test_names_sort_case_and_accent_insensitively_in_both_directions(client, unique):
    for name in ("V5", "aardvark ltd", "Äpfel", "Zeta", "apfelbaum", "Éclair", "b"):
        customer(client, f"{name} {unique}")
    expected = [f"{n} {unique}" for n in ("aardvark ltd", "Äpfel", "apfelbaum", "b", "Éclair", "V5", "Zeta")]
    assert names(client, q=unique) == expected
    assert names(client, q=unique, sort="-name") == expected[::-1]
    first = client.get("/api/v1/customers", query_string={"q": unique, "limit": 3}).json
    rest = client.get("/api/v1/customers", query_string={"q": unique, "limit": 10, "cursor": first["next_cursor"]}).json
    assert [c["name"] for c in first["items"] + rest["items"]] == expected


@pytest.mark.parametrize("sort", ["external_id", "-external_id", "updated_at", "-updated_at"])
def test_sorting_by_external_id_and_updated_at_pages_through_every_customer_once(client, unique, sort):
    ids = [customer(client, f"s{i} {unique}", external_id=(f"X-{unique}-{i}" if i % 2 else None)) for i in range(5)]
    seen, cursor = [], None
    while True:
        query = {"q": unique, "sort": sort, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/customers", query_string=query).json
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(c["id"] for c in seen) == sorted(ids)
    key = sort.lstrip("-")
    values = [c[key] or "" for c in seen]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize("url", [
    "/api/v1/customers?has_acount=true",
    "/api/v1/customers/export?nope=1",
    "/api/v1/customers/tasks?assigne_id=x",
    "/api/v1/customer-groups?nope=1",
    "/api/v1/tags?nope=1",
    "/api/v1/customers/{cid}/contacts?search=x",
    "/api/v1/customers/{cid}/addresses?nope=1",
    "/api/v1/customers/{cid}/notes?nope=1",
    "/api/v1/customers/{cid}/tasks?nope=1",
    "/api/v1/customers/{cid}/children?nope=1",
    "/api/v1/customers/{cid}/descendants?nope=1",
    "/api/v1/customers/{cid}/ancestors?nope=1",
])
def test_an_unknown_query_parameter_is_a_400_problem_naming_it(client, anonymous, url):
    cid = customer(client, "Acme")
    response = client.get(url.format(cid=cid))
    assert response.status_code == 400
    assert response.content_type == "application/problem+json"
    [name] = response.json["errors"]
    assert name in url
    assert anonymous.get(url.format(cid=cid)).status_code == 401  # who asks comes first


def test_every_bad_field_of_a_request_is_reported_at_once(client):
    response = client.post("/api/v1/customers", json={"name": "Acme", "email": "bad", "phone": "abc", "vat_id": "DE123"})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"email", "phone", "vat_id"}
    good = client.post("/api/v1/customers", json={"name": "Acme", "phone": "+49 30 1234567", "vat_id": "DE 136,695,976"})
    assert (good.json["phone"], good.json["vat_id"]) == ("+49301234567", "DE136695976")


def test_children_take_the_lists_filters_too(client, unique):
    parent = customer(client, f"parent {unique}")
    customer(client, f"tagged {unique}", parent_id=parent, tags=[f"t{unique}"])
    customer(client, f"plain {unique}", parent_id=parent)
    children = client.get(f"/api/v1/customers/{parent}/children", query_string={"tag": f"t{unique}"}).json["items"]
    assert [c["name"] for c in children] == [f"tagged {unique}"]
