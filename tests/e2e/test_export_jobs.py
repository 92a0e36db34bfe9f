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
