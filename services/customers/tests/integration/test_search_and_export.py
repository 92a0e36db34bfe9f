"""Search, filters, sorting, cursor pagination and the CSV export."""
from __future__ import annotations

import csv
import io

from customers.domain.csv_format import COLUMNS


def customer(client, **fields):
    response = client.post("/api/v1/customers", json=fields)
    assert response.status_code == 201, response.json
    return response.json


def test_q_matches_name_email_and_external_id_case_insensitively(client, unique):
    by_name = customer(client, name=f"Zeta {unique} Industries")
    by_email = customer(client, name="Other", email=f"buyer@{unique}.example")
    by_external = customer(client, name="Third", external_id=f"EXT-{unique.upper()}")
    found = client.get(f"/api/v1/customers?q={unique.upper()}&limit=500").json["items"]
    assert {c["id"] for c in found} == {by_name["id"], by_email["id"], by_external["id"]}


def test_filters_combine_and_tag_matches_case_insensitively(client, unique):
    wanted = customer(client, name=f"f {unique}", type="consumer", tags=[f"T{unique}"], status="inactive")
    customer(client, name=f"f {unique}", type="business", tags=[f"t{unique}"])
    found = client.get(f"/api/v1/customers?q={unique}&tag=T{unique}&type=consumer&status=inactive").json["items"]
    assert [c["id"] for c in found] == [wanted["id"]]


def test_a_cursor_page_stays_correct_while_rows_are_inserted(client, unique):
    names = [f"page {unique} {n:02}" for n in range(6)]
    for name in names:
        customer(client, name=name)
    first = client.get(f"/api/v1/customers?q=page {unique}&limit=3&sort=name").json
    customer(client, name=f"page {unique} 00a")  # sorts into the first page, already read
    second = client.get(f"/api/v1/customers?q=page {unique}&limit=3&sort=name&cursor={first['next_cursor']}").json
    assert [c["name"] for c in first["items"] + second["items"]] == names


def test_descending_sort_by_created_at(client, unique):
    made = [customer(client, name=f"sorted {unique}")["id"] for _ in range(3)]
    found = client.get(f"/api/v1/customers?q=sorted {unique}&sort=-created_at").json["items"]
    assert [c["id"] for c in found] == list(reversed(made))


def test_an_unknown_sort_or_a_foreign_cursor_is_a_field_error(client):
    assert "sort" in client.get("/api/v1/customers?sort=vat_id").json["errors"]
    assert "cursor" in client.get("/api/v1/customers?cursor=bm9wZQ").json["errors"]


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_export_writes_the_template_columns_with_parent_and_group_codes(client, unique):
    code = f"grp-{unique}"
    group = client.post("/api/v1/customer-groups", json={"name": "G", "code": code}).json
    parent = customer(client, name=f"exp parent {unique}", external_id=f"P-{unique}")
    customer(client, name=f"exp child {unique}", parent_id=parent["id"], group_id=group["id"], tags=["a", "b"])
    response = client.get(f"/api/v1/customers/export?q=exp child {unique}")
    assert response.get_data(as_text=True).splitlines()[0].split(",") == COLUMNS
    [row] = read_csv(response)
    assert row["parent_external_id"] == f"P-{unique}"
    assert row["group_code"] == code
    assert row["tags"] == "a;b"


def test_export_neutralises_cells_that_a_spreadsheet_would_run_as_formulas(client, unique):
    customer(client, name=f"=HYPERLINK(\"http://evil\") {unique}", phone="+49 30 1234567")
    [row] = read_csv(client.get(f"/api/v1/customers/export?q={unique}"))
    assert row["name"].startswith("'=HYPERLINK")
    assert row["phone"] == "'+49301234567"


def test_export_of_selected_ids_only(client, unique):
    picked = [customer(client, name=f"sel {unique} {n}")["id"] for n in range(3)][:2]
    rows = read_csv(client.get(f"/api/v1/customers/export?ids={','.join(picked)}"))
    assert sorted(row["id"] for row in rows) == sorted(picked)
