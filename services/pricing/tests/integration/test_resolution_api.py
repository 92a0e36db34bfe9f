"""POST /prices/resolve against the real PostgreSQL: the customer -> group -> default chain,
priorities, tiers, the merge stop, fallbacks, windows, and a group change arriving by event."""
from __future__ import annotations

import datetime as dt


def iso(days: int) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).isoformat()


def test_customer_lists_win_over_group_lists_which_win_over_the_default(api, tell, customer_id, group_id, sku):
    tell("customer.created", customer_id, 1, group_id=group_id)
    own, group, default = (api.price_list()["id"] for _ in range(3))
    api.prices(own, (f"{sku}-own", "1", "1.00"))
    api.prices(group, (f"{sku}-own", "1", "2.00"), (f"{sku}-group", "1", "2.00"))
    api.prices(default, (f"{sku}-own", "1", "3.00"), (f"{sku}-group", "1", "3.00"), (f"{sku}-default", "1", "3.00"))
    api.assign(own, "customer", customer_id)
    api.assign(group, "customer_group", group_id)
    api.assign(default, "default")
    items = api.resolve(customer_id, (f"{sku}-own", 1), (f"{sku}-group", 1), (f"{sku}-default", 1), (f"{sku}-none", 1))
    assert [(i["price"], i["level"]) for i in items] == [("1.00", "customer"), ("2.00", "customer_group"),
                                                         ("3.00", "default"), (None, None)]
    assert items[0]["price_list_id"] == own and items[3]["price_list_id"] is None


def test_the_lower_priority_number_wins_inside_a_level(api, customer_id, sku):
    second, first = api.price_list()["id"], api.price_list()["id"]
    api.prices(second, (sku, "1", "20"))
    api.prices(first, (sku, "1", "10"))
    api.assign(second, "customer", customer_id, priority=2)
    api.assign(first, "customer", customer_id, priority=1)
    [item] = api.resolve(customer_id, (sku, 1))
    assert (item["price"], item["price_list_id"]) == ("10", first)


def test_the_best_tier_applies_and_is_reported_with_quantity_and_unit(api, customer_id, sku):
    list_id = api.price_list()["id"]
    api.prices(list_id, (sku, "1", "10.00", "kg"), (sku, "10", "9.00", "kg"), (sku, "100", "8.00", "kg"))
    api.assign(list_id, "customer", customer_id)
    items = api.resolve(customer_id, (sku, "9.5", "kg"), (sku, "10", "kg"), (sku, 1000, "kg"), (sku, 10, "item"))
    assert [(i["price"], i["tier"]) for i in items] == [("10.00", "1"), ("9.00", "10"), ("8.00", "100"), (None, None)]
    assert (items[0]["quantity"], items[0]["unit"]) == ("9.5", "kg")


def test_a_list_without_merging_that_has_the_sku_stops_the_search(api, customer_id, sku):
    strict, fallback = api.price_list()["id"], api.price_list()["id"]
    api.prices(strict, (sku, "100", "5.00"))
    api.prices(fallback, (sku, "1", "9.00"), (f"{sku}-other", "1", "9.00"))
    api.assign(strict, "customer", customer_id, priority=1, merge_allowed=False)
    api.assign(fallback, "customer", customer_id, priority=2)
    few, many, other = api.resolve(customer_id, (sku, 5), (sku, 100), (f"{sku}-other", 1))
    assert few["price"] is None
    assert many["price"] == "5.00"
    assert other["price"] == "9.00"


def test_a_customer_on_its_own_level_only_gets_nothing_from_its_group(api, client, tell, customer_id, group_id, sku):
    tell("customer.created", customer_id, 1, group_id=group_id)
    group = api.price_list()["id"]
    api.prices(group, (sku, "1", "2.00"))
    api.assign(group, "customer_group", group_id)
    url = f"/api/v1/price-list-assignments/fallbacks/customer/{customer_id}"
    assert client.get(url).json == {"level": "customer", "target_id": str(customer_id), "fallback": "next",
                                    "version": 0}
    assert client.put(url, json={"fallback": "this_level_only"}).status_code == 428
    assert client.put(url, json={"fallback": "this_level_only"}, headers={"If-Match": '"0"'}).json["version"] == 1
    assert api.resolve(customer_id, (sku, 1))[0]["price"] is None


def test_a_group_on_its_own_level_only_cuts_off_the_default_lists(api, client, tell, customer_id, group_id, sku):
    tell("customer.created", customer_id, 1, group_id=group_id)
    default = api.price_list()["id"]
    api.prices(default, (sku, "1", "3.00"))
    api.assign(default, "default", priority=1000)
    assert api.resolve(customer_id, (sku, 1))[0]["level"] == "default"
    url = f"/api/v1/price-list-assignments/fallbacks/customer_group/{group_id}"
    client.put(url, json={"fallback": "this_level_only"}, headers={"If-Match": '"0"'})
    assert api.resolve(customer_id, (sku, 1))[0]["price"] is None


def test_a_group_change_arriving_by_event_changes_the_prices(api, tell, known_group, customer_id, sku):
    old_group, new_group = api.price_list()["id"], api.price_list()["id"]
    api.prices(old_group, (sku, "1", "1.11"))
    api.prices(new_group, (sku, "1", "2.22"))
    group_a, group_b = known_group(), known_group()
    api.assign(old_group, "customer_group", group_a)
    api.assign(new_group, "customer_group", group_b)
    tell("customer.created", customer_id, 1, group_id=group_a)
    assert api.resolve(customer_id, (sku, 1))[0]["price"] == "1.11"
    tell("customer.updated", customer_id, 2, group_id=group_b)
    assert api.resolve(customer_id, (sku, 1))[0]["price"] == "2.22"


def test_inactive_lists_and_lists_outside_their_window_are_skipped(api, client, customer_id, sku):
    lists = {
        "inactive": api.price_list(active=False)["id"],
        "future": api.price_list(active_from=iso(1))["id"],
        "expired": api.price_list(active_from=iso(-10), active_to=iso(-1))["id"],
        "current": api.price_list(active_from=iso(-1), active_to=iso(1))["id"],
    }
    for priority, (name, list_id) in enumerate(lists.items()):
        api.prices(list_id, (sku, "1", f"{priority}.00"))
        api.assign(list_id, "customer", customer_id, priority=priority)
    [item] = api.resolve(customer_id, (sku, 1))
    assert item["price_list_id"] == lists["current"]
    client.patch(f"/api/v1/price-lists/{lists['inactive']}", json={"active": True}, headers={"If-Match": '"1"'})
    assert api.resolve(customer_id, (sku, 1))[0]["price_list_id"] == lists["inactive"]


def test_a_deleted_customer_is_not_found(api, client, tell, customer_id):
    tell("customer.created", customer_id, 1)
    tell("customer.deleted", customer_id, 2, deleted=True)
    response = client.post("/api/v1/prices/resolve",
                           json={"customer_id": str(customer_id), "currency": "EUR", "items": [{"sku": "X"}]})
    assert response.status_code == 404


def test_more_than_500_items_or_an_unknown_currency_is_a_validation_error(client, customer_id):
    body = {"customer_id": str(customer_id), "currency": "EUR", "items": [{"sku": "X"}] * 501}
    assert client.post("/api/v1/prices/resolve", json=body).status_code == 422
    body = {"customer_id": str(customer_id), "currency": "ZZZ", "items": [{"sku": "X"}]}
    assert set(client.post("/api/v1/prices/resolve", json=body).json["errors"]) == {"currency"}
