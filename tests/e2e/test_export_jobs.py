"""Export jobs through the gateway: a filtered list written page by page by the customers service,
downloaded as CSV in the template's columns, and imported back without a change."""
from __future__ import annotations

import csv
import io
import time
import uuid

import pytest
from test_import import finished, submit

pytestmark = pytest.mark.e2e


def exported(admin, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = admin.get(f"/api/v1/export-jobs/{job_id}").json()
        if job["status"] != "exporting":
            return job
        time.sleep(0.2)
    raise AssertionError(f"the export did not finish: {job}")


@pytest.fixture
def tagged(admin) -> tuple[str, list[str]]:
    tag = f"t{uuid.uuid4().hex[:8]}"
    ids = [admin.post("/api/v1/customers", json={"name": f"Export {n} {tag}", "tags": [tag],
                                                 "external_id": f"{tag}-{n}"}).json()["id"] for n in range(3)]
    admin.post("/api/v1/customers", json={"name": f"Not tagged {tag}"})
    return tag, ids


def test_an_export_job_writes_the_filtered_list_and_its_file_imports_back_unchanged(admin, tagged):
    tag, ids = tagged
    response = admin.post("/api/v1/export-jobs", json={"entity": "customers", "filters": {"tag": tag}})
    assert response.status_code == 202, response.text
    job = exported(admin, response.json()["id"])
    assert (job["status"], job["rows"]) == ("completed", 3)
    file = admin.get(f"/api/v1/export-jobs/{job['id']}/file")
    assert file.headers["Content-Type"].startswith("text/csv")
    assert sorted(row["id"] for row in csv.DictReader(io.StringIO(file.text))) == sorted(ids)
    back = finished(admin, submit(admin, file.content, "import").json()["id"])
    assert (back["created"], back["updated"], back["unchanged"]) == (0, 0, 3)


def test_an_export_of_selected_ids_writes_exactly_them(admin, tagged):
    _, ids = tagged
    job = exported(admin, admin.post("/api/v1/export-jobs", json={"entity": "customers",
                                                                  "filters": {"ids": ids[:2]}}).json()["id"])
    assert job["rows"] == 2


def test_a_bad_filter_is_refused_at_once_field_by_field(admin):
    response = admin.post("/api/v1/export-jobs", json={"entity": "customers", "filters": {"status": "gone"}})
    assert response.status_code == 422 and "status" in response.json()["errors"]["filters"]


def test_the_file_of_an_unfinished_or_foreign_export_is_not_served(suite, admin, tagged):
    tag, _ = tagged
    job = admin.post("/api/v1/export-jobs", json={"entity": "customers", "filters": {"tag": tag}}).json()
    assert suite.client().get(f"/api/v1/export-jobs/{job['id']}/file").status_code == 401


def test_an_address_book_imported_from_a_file_exports_and_imports_back_unchanged(admin, tagged):
    tag, _ = tagged
    header = ("customer_external_id,label,types,default_billing,default_shipping,street,city,region_code,"
              "country_code,phone\r\n")
    content = (header + f"{tag}-0,Head office,billing;shipping,true,true,1 Market St,San Francisco,US-CA,US,"
               f"+1 415 555 0100\r\n{tag}-1,Depot,shipping,false,true,2 Dock Rd,Hamburg,,DE,\r\n"
               f"{tag}-2,Nowhere,shipping,false,false,3 Road,Town,,XX,\r\n")
    job = finished(admin, submit(admin, content.encode(), "import", entity="customer_addresses").json()["id"])
    assert (job["created"], job["failed"]) == (2, 1), job
    export = exported(admin, admin.post("/api/v1/export-jobs", json={"entity": "customer_addresses",
                                                                      "filters": {"tag": tag}}).json()["id"])
    file = admin.get(f"/api/v1/export-jobs/{export['id']}/file")
    rows = list(csv.DictReader(io.StringIO(file.text)))
    assert sorted(row["label"] for row in rows) == ["Depot", "Head office"]
    assert next(row for row in rows if row["label"] == "Head office")["phone"] == "'+14155550100"  # neutralised
    back = finished(admin, submit(admin, file.content, "import", entity="customer_addresses").json()["id"])
    assert (back["created"], back["updated"], back["unchanged"]) == (0, 0, 2)


def export_file(client, entity: str, filters: dict) -> tuple[dict, bytes]:
    """An export job of `entity` run to its end by `client`, and its file."""
    response = client.post("/api/v1/export-jobs", json={"entity": entity, "filters": filters})
    assert response.status_code == 202, response.text
    job = exported(client, response.json()["id"])
    assert job["status"] == "completed", job
    return job, client.get(f"/api/v1/export-jobs/{job['id']}/file").content


def round_trip(client, entity: str, filters: dict, rows: int) -> list[dict]:
    """Export `entity`, import the file unchanged: nothing created or updated, every row unchanged."""
    job, content = export_file(client, entity, filters)
    assert job["rows"] == rows, job
    back = finished(client, submit(client, content, "import", entity=entity).json()["id"])
    assert (back["created"], back["updated"], back["unchanged"], back["failed"]) == (0, 0, rows, 0), back
    return list(csv.DictReader(io.StringIO(content.decode())))


def eventually(action, accept, timeout: float = 10.0):
    """What a service knows of another's data arrives by event, a moment after the change."""
    deadline = time.monotonic() + timeout
    while not accept(result := action()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return result


def created(client, path: str, body: dict) -> dict:
    """POSTed once the owner has heard of what the body names (422 until then)."""
    response = eventually(lambda: client.post(path, json=body), lambda r: r.status_code != 422)
    assert response.status_code == 201, response.text
    return response.json()


def test_customer_groups_export_and_import_back_unchanged(admin, tagged):
    tag, _ = tagged
    for n in range(2):
        admin.post("/api/v1/customer-groups", json={"code": f"{tag}-{n}", "name": f"=Group {n} {tag}"})
    rows = round_trip(admin, "customer_groups", {"q": tag}, 2)
    assert sorted(row["name"] for row in rows) == [f"'=Group 0 {tag}", f"'=Group 1 {tag}"]  # neutralised


def test_customer_users_export_without_passwords_and_import_back_unchanged(admin, tagged):
    tag, ids = tagged
    keyless = admin.post("/api/v1/customers", json={"name": f"No external id {tag}"}).json()["id"]
    for n, customer_id in enumerate((ids[0], keyless)):
        created(admin, "/api/v1/customer-users", {
            "customer_id": customer_id, "email": f"{tag}-{n}@example.com", "first_name": "Amanda",
            "last_name": tag, "phone": "+14155550100", "password": "correct horse battery"})
    rows = round_trip(admin, "customer_users", {"q": tag}, 2)
    assert "password" not in rows[0] and {row["roles"] for row in rows} == {"BUYER"}
    assert {row["customer_external_id"] for row in rows} == {f"{tag}-0", ""}  # by id where it has none


def test_prices_export_and_import_back_unchanged(admin, tagged):
    tag, _ = tagged
    price_list = admin.post("/api/v1/price-lists", json={"name": f"Export {tag}", "currencies": ["EUR"]}).json()
    admin.post(f"/api/v1/price-lists/{price_list['id']}/prices", json=[
        {"sku": f"SKU-{tag}", "quantity": quantity, "value": value, "currency": "EUR"}
        for quantity, value in (("1", "12.50"), ("10", "11"))])
    rows = round_trip(admin, "prices", {"price_list_id": price_list["id"]}, 2)
    assert [row["value"] for row in rows] == ["12.50", "11"]


def test_price_list_assignments_export_and_import_back_unchanged(admin, tagged):
    tag, ids = tagged
    price_list = admin.post("/api/v1/price-lists", json={"name": f"Assigned {tag}", "currencies": ["EUR"]}).json()
    group = admin.post("/api/v1/customer-groups", json={"code": f"{tag}-assigned", "name": "Assigned"}).json()
    for level, target in (("customer", ids[0]), ("customer_group", group["id"])):
        created(admin, "/api/v1/price-list-assignments", {"price_list_id": price_list["id"], "level": level,
                                                          "target_id": target, "priority": 5, "merge_allowed": False})
    round_trip(admin, "price_list_assignments", {"price_list_id": price_list["id"]}, 2)
