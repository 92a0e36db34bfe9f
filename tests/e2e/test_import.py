"""The seed's import workflow through the gateway, as a back-office user follows it: download the
template, validate a file, dry-run it, import it (children before their parents in the file), see
the customers in the list, get the error report and the email; import it again and nothing changes."""
from __future__ import annotations

import csv
import io
import mailbox
import time
import uuid

import pytest
from customers.domain.csv_format import COLUMNS  # what the customers export writes

pytestmark = pytest.mark.e2e


def a_file(rows: list[dict], separator: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=separator, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in COLUMNS})
    return ("\ufeff" + buffer.getvalue()).encode()  # as Excel saves "CSV UTF-8": with a byte-order mark


def company(key: str, prefix: str, parent: str = "", **cells) -> dict:
    return {"external_id": f"{prefix}-{key}", "name": f"{key} {prefix}", "type": "business", "status": "active",
            "parent_external_id": f"{prefix}-{parent}" if parent else "", **cells}


def submit(admin, content: bytes, mode: str, entity: str = "customers"):
    return admin.post("/api/v1/import-jobs", files={"file": ("customers.csv", content, "text/csv")},
                      data={"entity": entity, "mode": mode})


def finished(admin, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = admin.get(f"/api/v1/import-jobs/{job_id}").json()
        if job["status"] not in ("queued", "validating", "importing"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"the job did not finish: {job}")


def rows_of(admin, job_id: str) -> dict[int, dict]:
    return {item["row"]: item for item in admin.get(f"/api/v1/import-jobs/{job_id}/rows?limit=500").json()["items"]}


@pytest.fixture
def prefix() -> str:
    return uuid.uuid4().hex[:8].upper()


@pytest.fixture
def hierarchy_file(prefix) -> bytes:
    """Grandchild first, its parent after it, the root last; one bad row and a cycle of two."""
    return a_file([
        company("grandchild", prefix, parent="child", tags="vip;west"),
        company("child", prefix, parent="root"),
        company("bad", prefix, email="not-an-email", phone="12"),
        company("loop-a", prefix, parent="loop-b"),
        company("loop-b", prefix, parent="loop-a"),
        company("root", prefix, phone="+14155550100"),
    ])


def test_the_template_names_the_columns_an_import_reads(admin):
    response = admin.get("/api/v1/import-templates/customers?example=true")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    header, example = list(csv.reader(io.StringIO(response.text)))
    assert header == COLUMNS and dict(zip(header, example))["name"]


def test_a_file_whose_header_is_not_the_templates_is_refused_at_once_naming_the_columns(admin):
    response = submit(admin, b"name,colour\nAcme,red\n", "validate")
    assert response.status_code == 422
    assert response.headers["Content-Type"] == "application/problem+json"
    assert "colour" in response.json()["errors"]["unknown_columns"][0]


def test_validating_reports_every_bad_row_and_writes_nothing(admin, hierarchy_file, prefix):
    job = finished(admin, submit(admin, hierarchy_file, "validate").json()["id"])
    assert (job["status"], job["total_rows"], job["failed"]) == ("completed_with_errors", 6, 3)
    rows = rows_of(admin, job["id"])
    assert set(rows[4]["errors"]) == {"email", "phone"}  # every problem of the row at once, by column
    assert "cycle" in rows[5]["errors"]["parent_external_id"][0] and rows[6]["outcome"] == "failed"
    assert rows[2]["outcome"] == "created"  # its parent is defined later in the file: not an error
    assert admin.get(f"/api/v1/customers?q={prefix}").json()["items"] == []


def test_importing_applies_good_rows_parents_first_and_a_second_import_changes_nothing(admin, suite,
                                                                                      hierarchy_file, prefix):
    dry = finished(admin, submit(admin, hierarchy_file, "dry_run").json()["id"])
    assert (dry["created"], dry["failed"]) == (3, 3)

    job = finished(admin, submit(admin, hierarchy_file, "import").json()["id"])
    assert (job["status"], job["created"], job["failed"], job["progress"]) == ("completed_with_errors", 3, 3, 100.0)
    customers = {c["external_id"]: c for c in admin.get(f"/api/v1/customers?q={prefix}").json()["items"]}
    assert set(customers) == {f"{prefix}-root", f"{prefix}-child", f"{prefix}-grandchild"}
    assert customers[f"{prefix}-grandchild"]["parent_id"] == customers[f"{prefix}-child"]["id"]
    assert customers[f"{prefix}-grandchild"]["tags"] == ["vip", "west"]

    report = list(csv.DictReader(io.StringIO(admin.get(f"/api/v1/import-jobs/{job['id']}/errors").text)))
    assert {(line["row"], line["column"]) for line in report} >= {("4", "email"), ("4", "phone")}
    assert next(line for line in report if line["column"] == "email")["value"] == "not-an-email"

    again = finished(admin, submit(admin, hierarchy_file, "import").json()["id"])
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    email = received(suite.env["MAIL_DIR"], lambda message: job["id"] in text_of(message))
    assert "completed with errors" in email["Subject"] and "created 3" in text_of(email)
    assert f"/api/v1/import-jobs/{job['id']}/errors" in text_of(email)


def test_a_changed_row_is_an_update_naming_its_changed_columns(admin, prefix):
    finished(admin, submit(admin, a_file([company("acme", prefix)]), "import").json()["id"])
    changed = a_file([company("acme", prefix, email="buyers@acme.example")], separator=";")
    dry = finished(admin, submit(admin, changed, "dry_run").json()["id"])
    assert rows_of(admin, dry["id"])[2]["changes"] == {"email": "buyers@acme.example"}
    job = finished(admin, submit(admin, changed, "import").json()["id"])
    assert job["updated"] == 1
    [acme] = admin.get(f"/api/v1/customers?q={prefix}-acme").json()["items"]
    assert acme["email"] == "buyers@acme.example"


def test_a_user_without_the_right_to_import_is_refused(suite, admin, prefix):
    anonymous = suite.client()
    assert submit(anonymous, a_file([company("x", prefix)]), "import").status_code == 401


def text_of(message) -> str:
    return message.get_payload(decode=True).decode()


def received(directory: str, about, timeout: float = 20.0):
    """The email the suite's mailbox (tools/mail_catcher.py) received that `about` picks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mailbox.Maildir(directory, create=False):
            if about(message):
                return message
        time.sleep(0.2)
    raise AssertionError("no such email arrived")


def test_an_export_imported_back_unchanged_changes_nothing(admin, prefix):
    """The round trip of the seed: export the filtered customers, import the file as it is."""
    group = admin.post("/api/v1/customer-groups", json={"name": f"Round {prefix}", "code": f"round-{prefix}"}).json()
    parent = admin.post("/api/v1/customers", json={"name": f"No key {prefix}", "group_id": group["id"]}).json()
    admin.post("/api/v1/customers", json={"name": f"Child {prefix}", "parent_id": parent["id"], "tags": ["a", "b"],
                                          "phone": "+14155550100", "external_id": f"{prefix}-c"})
    admin.post("/api/v1/customers", json={"name": f" =1+2 {prefix}", "external_id": f"{prefix}-formula"})
    exported = admin.get(f"/api/v1/customers/export?q={prefix}")
    assert exported.status_code == 200 and exported.text.count("\r\n") == 4  # the header and three customers
    job = finished(admin, submit(admin, exported.content, "import").json()["id"])
    assert (job["created"], job["updated"], job["unchanged"], job["failed"]) == (0, 0, 3, 0), rows_of(admin, job["id"])


def test_an_export_of_selected_ids_takes_them_repeated_or_comma_separated(admin, prefix):
    ids = [admin.post("/api/v1/customers", json={"name": f"Pick {n} {prefix}"}).json()["id"] for n in range(3)]
    repeated = admin.get(f"/api/v1/customers/export?ids={ids[0]}&ids={ids[1]}").text
    delimited = admin.get(f"/api/v1/customers/export?ids={ids[0]},{ids[1]}").text
    assert repeated == delimited and repeated.count("\r\n") == 3 and ids[2] not in repeated


def test_prices_imported_from_a_file_are_the_prices_a_customer_gets(admin, prefix):
    price_list = admin.post("/api/v1/price-lists", json={"name": f"Import {prefix}", "currencies": ["EUR"]}).json()
    customer = admin.post("/api/v1/customers", json={"name": f"Priced {prefix}"}).json()
    assignment = {"price_list_id": price_list["id"], "level": "customer", "target_id": customer["id"], "priority": 1}
    deadline = time.monotonic() + 10  # pricing refuses a customer it has not heard of yet (422) until its event arrives
    while (assigned := admin.post("/api/v1/price-list-assignments", json=assignment)).status_code == 422 \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    assert assigned.status_code == 201, assigned.text
    content = (f"price_list,sku,unit,currency,quantity,value\r\nImport {prefix},SKU-{prefix},item,EUR,1,12.50\r\n"
               f"Import {prefix},SKU-{prefix},item,EUR,10,11.00\r\nImport {prefix},SKU-{prefix},item,USD,1,9\r\n")
    job = finished(admin, submit(admin, content.encode(), "import", entity="prices").json()["id"])
    assert (job["created"], job["failed"]) == (2, 1)
    assert "currency" in rows_of(admin, job["id"])[4]["errors"]
    resolved = admin.post("/api/v1/prices/resolve", json={"customer_id": customer["id"], "currency": "EUR",
                                                          "items": [{"sku": f"SKU-{prefix}", "quantity": 12}]})
    assert resolved.json()["items"][0]["price"] in ("11.00", "11")
