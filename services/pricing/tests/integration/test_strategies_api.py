"""Both strategies end to end through POST /prices/resolve on PostgreSQL (the SQL of
adapters/price_source.py), held to the same table of cases as the domain (tests/strategy_cases.py);
?explain=true; and the per-customer fallback to the parent's lists."""
from __future__ import annotations

import uuid

import pytest
from b2b_shared.testing.identity import client_as
from pricing.app import create_app
from pricing.domain.strategies import MERGE_BY_PRIORITY, MINIMAL_PRICES


@pytest.fixture(scope="module")
def minimal_app(config):
    return create_app(config.with_(strategy=MINIMAL_PRICES))


@pytest.fixture
def clients(minimal_app, admin_headers, client) -> dict:
    """An administrator's client of the same database per strategy (PRICING_STRATEGY is per deployment)."""
    return {MERGE_BY_PRIORITY: client, MINIMAL_PRICES: client_as(minimal_app, admin_headers)}


def resolve(client, customer_id, currency: str, items: list[tuple], explain: bool = False) -> list[dict]:
    body = {"customer_id": str(customer_id), "currency": currency,
            "items": [{"sku": sku, "unit": unit, "quantity": quantity} for sku, unit, quantity in items]}
    response = client.post("/api/v1/prices/resolve" + ("?explain=true" if explain else ""), json=body)
    assert response.status_code == 200, response.json
    return response.json["items"]


def given(api, case, customer_id, group_id, sku) -> dict[str, str]:
    """The case's lists, their prices (skus made this test's own) and assignments: name -> list id."""
    ids = {}
    for priority, ((name, merge, rows), level) in enumerate(zip(case.lists, case.levels().values())):
        ids[name] = api.price_list(currencies=("EUR", "USD"), name=f"{case.name} {name}")["id"]
        api.prices(ids[name], *[(f"{sku}-{s}", q, v, unit, cur) for s, unit, cur, q, v in rows])
        target = {"customer": customer_id, "customer_group": group_id, "default": None}[level]
        api.assign(ids[name], level, target, priority=priority, merge_allowed=merge)
    return ids


def test_each_strategy_prices_every_case_end_to_end_as_the_domain_does(api, clients, tell, customer_id, group_id,
                                                                       sku, strategy_case):
    tell("customer.updated", customer_id, 1, group_id=group_id)
    ids = given(api, strategy_case, customer_id, group_id, sku)
    names = {list_id: name for name, list_id in ids.items()}
    levels = strategy_case.levels()
    for strategy, client in clients.items():
        found = []
        for s, unit, currency, quantity in strategy_case.items:
            [item] = resolve(client, customer_id, currency, [(f"{sku}-{s}", unit, quantity)])
            found.append(None if item["price"] is None else (item["price"], names[item["price_list_id"]]))
            if item["price"] is not None:
                assert item["level"] == levels[names[item["price_list_id"]]]
        assert found == list(strategy_case.expected[strategy]), strategy
        explained = resolve(client, customer_id, "EUR", [(f"{sku}-{s}", u, q) for s, u, c, q in strategy_case.items
                                                         if c == "EUR"], explain=True)
        plain = resolve(client, customer_id, "EUR", [(f"{sku}-{s}", u, q) for s, u, c, q in strategy_case.items
                                                     if c == "EUR"])
        assert [{k: v for k, v in item.items() if k != "explanation"} for item in explained] == plain, strategy


def test_explain_says_what_each_list_of_the_chain_did_and_shows_the_combined_tiers(api, client, tell, customer_id,
                                                                                   group_id, sku):
    tell("customer.updated", customer_id, 1, group_id=group_id)
    first, stop, later = (api.price_list()["id"] for _ in range(3))
    inactive = api.price_list(active=False)["id"]
    api.prices(first, (sku, "1", "10.00"))
    api.prices(stop, (sku, "1", "9.00"), (sku, "10", "8.00"))
    api.prices(later, (sku, "10", "7.00"), (sku, "100", "6.00"))
    api.prices(inactive, (sku, "1", "1.00"))
    api.assign(first, "customer", customer_id, priority=1)
    api.assign(inactive, "customer", customer_id, priority=2)
    api.assign(stop, "customer", customer_id, priority=3, merge_allowed=False)
    api.assign(later, "customer_group", group_id)
    client.put(f"/api/v1/price-list-assignments/fallbacks/customer_group/{group_id}",
               json={"fallback": "this_level_only"}, headers={"If-Match": '"0"'})
    [item] = resolve(client, customer_id, "EUR", [(sku, "item", "50")], explain=True)
    assert (item["price"], item["tier"], item["price_list_id"], item["level"]) == ("7.00", "10", later, "customer_group")
    why = item["explanation"]
    assert why["strategy"] == "merge_by_priority"
    mine = [step for step in why["chain"] if step["price_list_id"] in (first, inactive, stop, later)]
    assert [(s["price_list_id"], s["level"], s["outcome"]) for s in mine] == [
        (first, "customer", "contributed"), (inactive, "customer", "inactive"), (stop, "customer", "sku_already_priced"),
        (later, "customer_group", "contributed")]
    assert mine[2]["merge_allowed"] is False and [p["outcome"] for p in mine[2]["prices"]] == ["sku_already_priced"] * 2
    assert all(step["outcome"] == "fallback_stop" for step in why["chain"] if step["level"] == "default")
    assert [(t["quantity"], t["value"], t["price_list_id"]) for t in why["combined"]] == [
        ("1", "10.00", first), ("10", "7.00", later), ("100", "6.00", later)]


def test_explain_is_documented_in_the_openapi_schema(client):
    document = client.get("/openapi.json").json
    operation = document["paths"]["/api/v1/prices/resolve"]["post"]
    assert any(p["name"] == "explain" and p["in"] == "query" for p in operation["parameters"])
    assert "explanation" in document["components"]["schemas"]["ResolvedItem"]["properties"]


def test_a_customer_falling_back_to_its_parent_gets_the_parents_lists_between_its_own_and_its_groups(
        api, client, tell, known_customer, group_id, sku):
    parent = known_customer()
    customer = known_customer(parent_id=parent, group_id=group_id)
    tell("customer.created", customer, 1, parent_id=parent, group_id=group_id)
    parents, groups = api.price_list()["id"], api.price_list()["id"]
    api.prices(parents, (sku, "10", "8.00"))
    api.prices(groups, (sku, "1", "9.00"), (sku, "10", "8.50"))
    api.assign(parents, "customer", parent)
    api.assign(groups, "customer_group", group_id)
    assert resolve(client, customer, "EUR", [(sku, "item", "10")])[0]["price_list_id"] == groups
    url = f"/api/v1/price-list-assignments/fallbacks/customer/{customer}"
    assert client.put(url, json={"fallback": "parent_customer"}, headers={"If-Match": '"0"'}).status_code == 200
    few, many = resolve(client, customer, "EUR", [(sku, "item", "1"), (sku, "item", "10")])
    assert (few["price"], few["level"]) == ("9.00", "customer_group")
    assert (many["price"], many["price_list_id"], many["level"]) == ("8.00", parents, "parent_customer")
    group_url = f"/api/v1/price-list-assignments/fallbacks/customer_group/{group_id}"
    refused = client.put(group_url, json={"fallback": "parent_customer"}, headers={"If-Match": '"0"'})
    assert refused.status_code == 422 and "fallback" in refused.json["errors"]


def test_the_chain_lists_what_resolution_tries_in_its_order_and_why_a_list_is_passed_over(api, client, tell,
                                                                                           customer_id, group_id):
    tell("customer.updated", customer_id, 1, group_id=group_id)
    own, inactive, groups = api.price_list()["id"], api.price_list(active=False)["id"], api.price_list()["id"]
    api.assign(inactive, "customer", customer_id, priority=2)
    api.assign(own, "customer", customer_id, priority=1, merge_allowed=False)
    api.assign(groups, "customer_group", group_id, priority=1)
    client.put(f"/api/v1/price-list-assignments/fallbacks/customer_group/{group_id}",
               json={"fallback": "this_level_only"}, headers={"If-Match": '"0"'})
    response = client.get(f"/api/v1/prices/chain?customer_id={customer_id}")
    assert response.status_code == 200, response.json
    mine = [(link["price_list_id"], link["level"], link["passed_over"]) for link in response.json["items"]
            if link["level"] != "default"]
    assert mine == [(own, "customer", None), (inactive, "customer", "inactive"), (groups, "customer_group", None)]
    assert response.json["items"][0]["merge_allowed"] is False
    assert all(link["passed_over"] == "fallback_stop" for link in response.json["items"] if link["level"] == "default")
    unknown = client.get(f"/api/v1/prices/chain?customer_id={uuid.uuid4()}")
    assert unknown.status_code == 404
