"""Export pages of prices and price list assignments (messaging/export_pages.py), asked the way the
import service asks them: through the consumer of pricing's work queue, answered in its outbox. Pages
are the import templates' columns, in key order, and import back unchanged."""
from __future__ import annotations

import pytest
from b2b_shared.entrypoints import build_consumer
from b2b_shared.testing.batches import batch_sender, page_asker, pages_of
from b2b_shared.testing.identity import user_id_of
from pricing.domain.csv_format import ASSIGNMENT_COLUMNS, PRICE_COLUMNS
from pricing.service import SERVICE


@pytest.fixture(scope="module")
def commands(config):
    return build_consumer(SERVICE, config, consumes=SERVICE.commands)


@pytest.fixture
def ask(commands, db, admin_headers):
    return page_asker(commands, db, user_id_of(admin_headers))


@pytest.fixture
def retail(api, unique) -> dict:
    price_list = api.price_list(name=f"Retail {unique}", currencies=("EUR", "USD"))
    api.prices(price_list["id"], ("B", "1", "12.50"), ("A", "10", "9.00"), ("A", "1", "10"), ("A", "1", "11", "box"),
               ("=cmd", "1", "1", "item", "USD"))
    return price_list


def test_price_pages_are_in_key_order_with_the_list_by_name_and_the_values_as_stored(ask, retail):
    rows = pages_of(ask, "prices", {"price_list_id": retail["id"]}, limit=2)
    assert [dict(zip(PRICE_COLUMNS, cells)) for cells in rows] == [
        {"price_list": retail["name"], "sku": sku, "unit": unit, "currency": currency, "quantity": quantity,
         "value": value} for sku, unit, currency, quantity, value in (
            ("'=cmd", "item", "USD", "1", "1"), ("A", "box", "EUR", "1", "11"), ("A", "item", "EUR", "1", "10"),
            ("A", "item", "EUR", "10", "9.00"), ("B", "item", "EUR", "1", "12.50"))]
    assert [cells[1] for cells in pages_of(ask, "prices", {"price_list_id": retail["id"], "sku": "A"})] == ["A"] * 3


def test_exported_prices_and_assignments_import_back_unchanged(ask, commands, db, admin_headers, api, retail,
                                                                customer_id, group_id):
    for level, target in (("customer", customer_id), ("customer_group", group_id)):
        api.assign(retail["id"], level, target, priority=3, merge_allowed=False)
    send = batch_sender(commands, db, user_id_of(admin_headers))
    prices = pages_of(ask, "prices", {"price_list_id": retail["id"]})
    assignments = pages_of(ask, "price_list_assignments", {"price_list_id": retail["id"]}, limit=1)
    assert {dict(zip(ASSIGNMENT_COLUMNS, cells))["target_id"] for cells in assignments} == {str(customer_id),
                                                                                            str(group_id)}
    assert {cells[3:] == ["3", "false"] for cells in assignments} == {True}
    for entity, rows, columns in (("prices", prices, PRICE_COLUMNS),
                                  ("price_list_assignments", assignments, ASSIGNMENT_COLUMNS)):
        results = send(entity, *(dict(zip(columns, cells)) for cells in rows))
        assert {result["outcome"] for result in results} == {"unchanged"}, results


def test_assignment_pages_take_the_lists_filters_or_ids(ask, api, retail, customer_id, group_id):
    mine = api.assign(retail["id"], "customer", customer_id)
    api.assign(retail["id"], "customer_group", group_id)
    assert len(pages_of(ask, "price_list_assignments", {"price_list_id": retail["id"], "level": "customer"})) == 1
    [picked] = pages_of(ask, "price_list_assignments", {"ids": [mine["id"]]})
    assert picked[:3] == [retail["name"], "customer", str(customer_id)]


def test_a_price_export_by_a_customer_user_or_with_a_bad_filter_is_refused(ask, people, customer_id):
    buyer = user_id_of(people.customer_user(customer_id, [{"resource": "price_list", "action": "VIEW",
                                                           "access_level": "CORPORATE"}]))
    refused = ask("prices", {}, actor_id=buyer)
    bad = ask("prices", {"sku": "x" * 101})
    assert refused["rows"] == bad["rows"] == [] and "price_list" in refused["refused"] and "sku" in bad["refused"]
