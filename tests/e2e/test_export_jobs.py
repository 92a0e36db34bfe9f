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
