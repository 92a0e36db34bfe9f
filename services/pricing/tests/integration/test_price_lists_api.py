"""Price lists and their prices over HTTP against the real PostgreSQL: CRUD, ETags, bulk
upsert and delete with counts, keyset paging, exact decimals, one event per bulk request."""
from __future__ import annotations

from b2b_shared.config import sqlalchemy_url
from sqlalchemy import create_engine, text


def test_a_created_price_list_reads_back_with_version_1_and_its_etag(api, client):
    created = api.price_list(currencies=["usd", "EUR"], name="Wholesale")
    response = client.get(f"/api/v1/price-lists/{created['id']}")
    assert response.json["currencies"] == ["EUR", "USD"]
    assert response.json["active"] is True
    assert response.headers["ETag"] == '"1"'


def test_an_unknown_currency_and_a_backwards_window_are_field_errors(client):
    response = client.post("/api/v1/price-lists", json={"name": "Bad", "currencies": ["XYZ"]})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert set(response.json["errors"]) == {"currencies"}
    window = {"active_from": "2030-01-01T00:00:00Z", "active_to": "2029-01-01T00:00:00Z"}
    response = client.post("/api/v1/price-lists", json={"name": "Bad", "currencies": ["EUR"], **window})
    assert set(response.json["errors"]) == {"active_to"}


def test_patch_needs_if_match_and_bumps_the_version(api, client):
    url = f"/api/v1/price-lists/{api.price_list()['id']}"
    assert client.patch(url, json={"active": False}).status_code == 428
    assert client.patch(url, json={"active": False}, headers={"If-Match": '"9"'}).status_code == 412
    response = client.patch(url, json={"active": False}, headers={"If-Match": '"1"'})
    assert response.status_code == 200 and response.json["version"] == 2 and response.json["active"] is False


def test_bulk_upsert_counts_created_updated_and_unchanged_rows(api, sku):
    list_id = api.price_list()["id"]
    first = api.prices(list_id, (sku, "1", "10.00"), (sku, "10", "9.00"))
    assert (first["created"], first["updated"], first["unchanged"]) == (2, 0, 0)
    second = api.prices(list_id, (sku, "1", "10.00"), (sku, "10", "8.50"), (sku, "100", "7.00"))
    assert (second["created"], second["updated"], second["unchanged"]) == (1, 1, 1)


def test_prices_keep_their_decimals_exactly(api, client, sku):
    list_id = api.price_list()["id"]
    api.prices(list_id, (sku, "1", "0.1"), (sku, "2.5", "12345678901234.123456"), (sku, "3", "19.90"))
    items = client.get(f"/api/v1/price-lists/{list_id}/prices?sku={sku}").json["items"]
    assert [(i["quantity"], i["value"]) for i in items] == [("1", "0.1"), ("2.5", "12345678901234.123456"),
                                                             ("3", "19.90")]


def test_a_json_float_a_duplicate_row_and_a_currency_the_list_lacks_are_refused(api, client, sku):
    list_id = api.price_list()["id"]
    url = f"/api/v1/price-lists/{list_id}/prices"
    row = {"sku": sku, "unit": "item", "currency": "EUR", "quantity": "1", "value": "1.00"}
    assert client.post(url, json=[{**row, "value": 0.1}]).status_code == 422
    assert client.post(url, json=[row, row]).json["errors"] == {"1": ["Same sku, unit, currency and quantity as row 0."]}
    assert client.post(url, json=[{**row, "currency": "USD"}]).status_code == 422


def test_prices_page_with_a_keyset_cursor(api, client, sku):
    list_id = api.price_list()["id"]
    api.prices(list_id, *[(f"{sku}-{n:02}", "1", f"{n}.00") for n in range(7)])
    url = f"/api/v1/price-lists/{list_id}/prices?limit=3"
    seen, cursor = [], None
    while True:
        page = client.get(url + (f"&cursor={cursor}" if cursor else "")).json
        seen += [item["sku"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"{sku}-{n:02}" for n in range(7)]


def test_bulk_delete_removes_by_key_with_wildcards(api, client, sku):
    list_id = api.price_list()["id"]
    api.prices(list_id, (sku, "1", "5"), (sku, "10", "4"), (f"{sku}-B", "1", "3"))
    response = client.post(f"/api/v1/price-lists/{list_id}/prices/delete", json=[{"sku": sku}])
    assert response.json["deleted"] == 2
    assert [i["sku"] for i in client.get(f"/api/v1/price-lists/{list_id}/prices").json["items"]] == [f"{sku}-B"]


def test_one_bulk_request_writes_one_prices_changed_event_with_counts(api, config, sku):
    list_id = api.price_list()["id"]
    api.prices(list_id, *[(sku, str(q), "1.00") for q in range(1, 51)])
    engine = create_engine(sqlalchemy_url(config.database_url))
    with engine.connect() as db:
        rows = db.execute(text("SELECT envelope FROM outbox WHERE subject = :id AND event_type = "
                               "'price_list.prices_changed'"), {"id": list_id}).all()
    engine.dispose()
    assert len(rows) == 1
    assert rows[0].envelope["data"]["created"] == 50


def test_an_assigned_price_list_cannot_be_deleted(api, client, customer_id):
    created = api.price_list()
    api.assign(created["id"], "customer", customer_id)
    response = client.delete(f"/api/v1/price-lists/{created['id']}", headers={"If-Match": '"1"'})
    assert response.status_code == 409
