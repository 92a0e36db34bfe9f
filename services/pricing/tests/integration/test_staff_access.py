"""Who may do what in pricing, as staff and services: support reads everything and writes nothing;
a sales representative reaches the customers naming it (and their subsidiaries) - resolving,
reading and assigning for them - reads the global resources, and writes none of them; only
administrators post balance entries; a service gets exactly its token's scopes."""
from __future__ import annotations

import uuid


def assign(client, headers: dict, list_id: str, level: str, target_id) -> int:
    body = {"price_list_id": list_id, "level": level, "target_id": str(target_id) if target_id else None}
    return client.post("/api/v1/price-list-assignments", json=body, headers=headers).status_code


def test_support_reads_everything_and_writes_nothing(anonymous, api, people, companies, resolve_as):
    support = people.staff("support")
    other, list_id = companies["other"], api.price_list()["id"]
    for url in ("/api/v1/price-lists", f"/api/v1/price-lists/{list_id}/prices", "/api/v1/price-list-assignments",
                "/api/v1/payment-terms", "/api/v1/tax-codes", f"/api/v1/balances/{other}",
                f"/api/v1/payment-terms/effective?customer_id={other}"):
        assert anonymous.get(url, headers=support).status_code == 200, url
    assert resolve_as(support, other).status_code == 200
    writes = [
        anonymous.post("/api/v1/price-lists", json={"name": "No", "currencies": ["EUR"]}, headers=support),
        anonymous.post(f"/api/v1/price-lists/{list_id}/prices", json=[{"sku": "S", "value": "1"}], headers=support),
        anonymous.post("/api/v1/payment-terms", json={"label": "No", "net_days": 1}, headers=support),
        anonymous.post(f"/api/v1/balances/{other}/store_credit/entries", json={"amount": "1"}, headers=support),
    ]
    assert [response.status_code for response in writes] == [403] * len(writes)
    assert assign(anonymous, support, list_id, "customer", other) == 403


def test_a_sales_representative_resolves_for_its_customers_and_their_subsidiaries_only(people, companies,
                                                                                       rep_headers, resolve_as):
    assert [resolve_as(rep_headers, companies[name]).status_code for name in ("own", "child", "parent", "other")] \
        == [200, 200, 404, 404]


def test_a_sales_representative_assigns_for_its_customers_only(anonymous, api, companies, rep_headers):
    list_id = api.price_list()["id"]
    assert assign(anonymous, rep_headers, list_id, "customer", companies["child"]) == 201
    assert assign(anonymous, rep_headers, list_id, "customer", companies["other"]) == 422  # as for no customer
    assert assign(anonymous, rep_headers, list_id, "customer_group", uuid.uuid4()) == 403  # global: admins only
    foreign = api.assign(list_id, "customer", companies["other"])
    url = f"/api/v1/price-list-assignments/{foreign['id']}"
    assert anonymous.get(url, headers=rep_headers).status_code == 404
    assert anonymous.delete(url, headers={**rep_headers, "If-Match": '"1"'}).status_code == 404


def test_a_sales_representative_lists_its_customers_and_the_global_assignments_only(anonymous, api, companies,
                                                                                    rep_headers, group_id):
    list_id, group = api.price_list()["id"], group_id
    for level, target in (("customer", companies["own"]), ("customer", companies["other"]), ("customer_group", group)):
        api.assign(list_id, level, target)
    page = anonymous.get(f"/api/v1/price-list-assignments?price_list_id={list_id}", headers=rep_headers).json
    assert {item["target_id"] for item in page["items"]} == {str(companies["own"]), str(group)}


def test_a_sales_representative_assigns_payment_terms_for_its_customers_only(anonymous, client, companies,
                                                                              rep_headers, unique):
    term = client.post("/api/v1/payment-terms", json={"label": f"Net {unique}", "net_days": 30}).json

    def assign_term(customer) -> int:
        body = {"payment_term_id": term["id"], "level": "customer", "target_id": str(customer)}
        return anonymous.post("/api/v1/payment-term-assignments", json=body, headers=rep_headers).status_code

    assert [assign_term(companies["own"]), assign_term(companies["other"])] == [201, 422]
    assert anonymous.get("/api/v1/payment-terms", headers=rep_headers).status_code == 200
    created = anonymous.post("/api/v1/payment-terms", json={"label": "Mine", "net_days": 1}, headers=rep_headers)
    assert created.status_code == 403


def test_only_administrators_post_balance_entries(anonymous, client, companies, rep_headers):
    url = f"/api/v1/balances/{companies['own']}/loyalty_points/entries"
    key = {"Idempotency-Key": uuid.uuid4().hex}
    assert anonymous.post(url, json={"amount": "5"}, headers={**rep_headers, **key}).status_code == 403
    assert anonymous.get(f"/api/v1/balances/{companies['own']}", headers=rep_headers).status_code == 200
    assert client.post(url, json={"amount": "5"}, headers=key).status_code == 201


def test_a_service_gets_exactly_its_tokens_scopes(anonymous, people, companies, resolve_as):
    service = people.service("price_list:VIEW")
    assert resolve_as(service, companies["other"]).status_code == 200
    assert anonymous.get(f"/api/v1/balances/{companies['other']}", headers=service).status_code == 403
    created = anonymous.post("/api/v1/price-lists", json={"name": "No", "currencies": ["EUR"]}, headers=service)
    assert created.status_code == 403
