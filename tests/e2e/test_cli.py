"""The `b2b` command line (cli/) against the running suite, through the gateway only, as a person in a
terminal uses it: template, import (and its exit codes), dry run, export of every entity through
export jobs (and importing the file back), jobs, a wrong password."""
from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import click
import pytest
from b2b_cli.csv_files import RecordCounter
from b2b_cli.job_views import raise_if_ended_badly
from b2b_cli.main import main
from click.testing import CliRunner
from customers.domain.csv_format import COLUMNS  # the customers template's columns
from suite_runner import ADMIN_PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def env(suite) -> dict:
    """Signed in as the bootstrap administrator; wide enough that tables do not wrap."""
    return {"B2B_URL": suite.url(""), "B2B_EMAIL": suite.env["BOOTSTRAP_ADMIN_EMAIL"], "B2B_PASSWORD": ADMIN_PASSWORD,
            "B2B_TOKEN": None, "COLUMNS": "200", "NO_COLOR": "1"}


@pytest.fixture
def prefix() -> str:
    return uuid.uuid4().hex[:8].upper()


def b2b(env: dict, *args: str):
    result = CliRunner().invoke(main, [str(arg) for arg in args], env=env, catch_exceptions=False)
    print("$ b2b", *args, f"\n{result.output}(exit {result.exit_code})")  # shown when a test fails
    return result


def write_csv(path: Path, rows: list[dict]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def company(key: str, prefix: str, **cells) -> dict:
    return {"external_id": f"{prefix}-{key}", "name": f"{key} {prefix}", "type": "business", "status": "active",
            **cells}


def counts(output: str) -> dict[str, int]:
    """The summary table's counts: `│ Created │ 2 │` -> {"created": 2}."""
    return {name.lower(): int(number) for name, number in
            re.findall(r"(Created|Updated|Unchanged|Failed)\W+(\d+)", output)}


def customers_named(admin, prefix: str) -> dict[str, dict]:
    return {c["external_id"]: c for c in admin.get(f"/api/v1/customers?q={prefix}").json()["items"]}


def test_the_template_is_written_to_a_file(env, tmp_path):
    target = tmp_path / "customers.csv"
    result = b2b(env, "template", "customers", "--example", "-o", target)
    assert result.exit_code == 0, result.output
    header, example = list(csv.reader(io.StringIO(target.read_text())))
    assert header == COLUMNS and dict(zip(header, example))["name"]
    assert f"Wrote the customers template to {target}" in result.output


def test_the_installed_command_imports_a_good_file_and_exits_0_with_the_counts(env, admin, tmp_path, prefix):
    file = write_csv(tmp_path / "good.csv", [company("a", prefix), company("b", prefix, tags="vip")])
    command = [str(Path(sys.executable).parent / "b2b"), "import", str(file), "--entity", "customers", "--wait"]
    done = subprocess.run(command, env={**os.environ, **{k: v for k, v in env.items() if v is not None}},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "completed" in done.stdout and counts(done.stdout) == {"created": 2, "updated": 0, "unchanged": 0,
                                                                  "failed": 0}
    assert set(customers_named(admin, prefix)) == {f"{prefix}-a", f"{prefix}-b"}
    assert not (tmp_path / "good.errors.csv").exists()


def test_a_file_with_a_bad_row_exits_2_and_saves_the_error_report(env, admin, tmp_path, prefix):
    file = write_csv(tmp_path / "mixed.csv", [company("good", prefix), company("bad", prefix, email="not-an-email")])
    result = b2b(env, "import", file, "--entity", "customers", "--wait")
    assert result.exit_code == 2, result.output
    assert counts(result.output) == {"created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    report = tmp_path / "mixed.errors.csv"
    assert str(report) in result.output.replace("\n", "")
    problems = list(csv.DictReader(io.StringIO(report.read_text())))
    assert [(p["row"], p["column"], p["value"]) for p in problems] == [("3", "email", "not-an-email")]
    assert "row 3  email" in result.output  # the first problems are shown too
    assert set(customers_named(admin, prefix)) == {f"{prefix}-good"}


def test_the_error_report_goes_where_errors_to_says(env, tmp_path, prefix):
    file = write_csv(tmp_path / "one.csv", [company("bad", prefix, phone="12")])
    result = b2b(env, "import", file, "--entity", "customers", "--validate", "--wait",
                 "--errors-to", tmp_path / "problems.csv")
    assert result.exit_code == 2, result.output
    assert "Validation only: nothing was written" in result.output
    assert "phone" in (tmp_path / "problems.csv").read_text() and not (tmp_path / "one.errors.csv").exists()


def test_a_dry_run_shows_what_it_would_create_and_update_and_writes_nothing(env, admin, tmp_path, prefix):
    existing = admin.post("/api/v1/customers", json={"name": f"acme {prefix}", "external_id": f"{prefix}-acme",
                                                     "type": "business"}).json()
    file = write_csv(tmp_path / "dry.csv", [company("new", prefix),
                                            company("acme", prefix, email="buyers@acme.example")])
    result = b2b(env, "import", file, "--entity", "customers", "--dry-run", "--wait")
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written" in result.output
    assert re.search(rf"would create\s+row\s+2\s+{prefix}-new\s+new {prefix}", result.output), result.output
    assert re.search(rf"would update\s+row\s+3\s+{prefix}-acme.*: email = buyers@acme.example", result.output)
    customers = customers_named(admin, prefix)
    assert set(customers) == {f"{prefix}-acme"} and customers[f"{prefix}-acme"]["email"] == existing["email"]


def test_an_import_without_wait_prints_the_job_which_jobs_lists(env, tmp_path, prefix):
    file = write_csv(tmp_path / f"later-{prefix}.csv", [company("later", prefix)])
    result = b2b(env, "import", file, "--entity", "customers")
    assert result.exit_code == 0, result.output
    job_id = re.search(r"Job ([0-9a-f-]{36}): queued", result.output).group(1)
    listed = b2b(env, "jobs")
    assert listed.exit_code == 0 and job_id in listed.output and f"later-{prefix}.csv" in listed.output


def exported_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def imports_back_unchanged(env: dict, file: Path, entity: str, rows: int) -> None:
    """`b2b import FILE --wait` of an exported file: every row unchanged, nothing created or updated."""
    result = b2b(env, "import", file, "--entity", entity, "--wait")
    assert result.exit_code == 0, result.output
    assert counts(result.output) == {"created": 0, "updated": 0, "unchanged": rows, "failed": 0}


def test_an_export_with_a_search_writes_the_matching_customers(env, admin, tmp_path, prefix):
    names = [f'Export "one", {prefix}', f"Export two {prefix}"]  # quoted cells: a comma, quotes
    for name in names:
        admin.post("/api/v1/customers", json={"name": name})
    admin.post("/api/v1/customers", json={"name": f"Someone else {uuid.uuid4().hex[:8]}"})
    target = tmp_path / "export.csv"
    result = b2b(env, "export", "customers", "--q", prefix, "-o", target)
    assert result.exit_code == 0, result.output
    assert f"Exported 2 rows of customers to {target}" in result.output.replace("\n", "")
    assert sorted(row["name"] for row in exported_rows(target)) == names
    assert not list(tmp_path.glob("*.part"))


def test_customers_exported_by_tag_import_back_with_nothing_created_or_updated(env, admin, tmp_path, prefix):
    tag = f"vip{prefix.lower()}"
    ids = {admin.post("/api/v1/customers", json={**company(key, prefix), "tags": [tag]}).json()["id"]
           for key in ("a", "b", "c")}
    admin.post("/api/v1/customers", json=company("untagged", prefix))
    target = tmp_path / "vip.csv"
    result = b2b(env, "export", "customers", "--tag", tag, "-o", target)
    assert result.exit_code == 0, result.output
    assert re.search(r"Export of customers\W+3 rows", result.output), result.output  # the progress line
    assert {row["id"] for row in exported_rows(target)} == ids
    imports_back_unchanged(env, target, "customers", 3)


def test_customer_groups_export_to_stdout_and_import_back_unchanged(env, admin, tmp_path, prefix):
    for n in range(2):
        admin.post("/api/v1/customer-groups", json={"code": f"{prefix}-{n}", "name": f"=Group {n} {prefix}"})
    result = CliRunner().invoke(main, ["export", "customer_groups", "--filter", f"q={prefix}", "-o", "-"], env=env)
    assert result.exit_code == 0, result.output
    assert "Exported 2 rows of customer_groups to stdout" in result.stderr
    file = tmp_path / "groups.csv"
    file.write_text(result.stdout, encoding="utf-8")
    assert sorted(row["name"] for row in exported_rows(file)) == [f"'=Group 0 {prefix}", f"'=Group 1 {prefix}"]
    imports_back_unchanged(env, file, "customer_groups", 2)


def test_prices_export_by_price_list_and_sku_and_import_back_unchanged(env, admin, tmp_path, prefix):
    price_list = admin.post("/api/v1/price-lists", json={"name": f"CLI {prefix}", "currencies": ["EUR"]}).json()
    admin.post(f"/api/v1/price-lists/{price_list['id']}/prices", json=[
        {"sku": sku, "quantity": quantity, "value": value, "currency": "EUR"}
        for sku, quantity, value in ((f"A-{prefix}", "1", "12.50"), (f"A-{prefix}", "10", "11"),
                                     (f"B-{prefix}", "1", "3"))])
    target = tmp_path / "prices.csv"
    result = b2b(env, "export", "prices", "--filter", f"price_list_id={price_list['id']}",
                 "--filter", f"sku=A-{prefix}", "-o", target)
    assert result.exit_code == 0, result.output
    assert [(row["sku"], row["quantity"], row["value"]) for row in exported_rows(target)] == [
        (f"A-{prefix}", "1", "12.50"), (f"A-{prefix}", "10", "11")]
    imports_back_unchanged(env, target, "prices", 2)


def test_a_refused_export_exits_1_with_the_problem_field_by_field_and_writes_no_file(env, tmp_path):
    target = tmp_path / "never.csv"
    result = b2b(env, "export", "customers", "--status", "gone", "--filter", "colour=red", "-o", target)
    assert result.exit_code == 1
    assert "Unprocessable Content (422)" in result.output or "Unprocessable Entity (422)" in result.output
    assert "filters.status: Must be one of" in result.output and "filters.colour: Unknown field" in result.output
    assert not target.exists()


def test_an_export_of_an_unknown_entity_is_refused_naming_the_ones_there_are(env, tmp_path):
    result = b2b(env, "export", "colours", "-o", tmp_path / "never.csv")
    assert result.exit_code == 1 and re.search(r"entity: .*price_list_assignments", result.output), result.output


@pytest.mark.parametrize("options, reason", [
    (["--filter", "sku"], "'sku' is not NAME=VALUE"),
    (["--tag", "vip", "--filter", "tag=gold"], "The filter 'tag' is given twice"),
])
def test_a_malformed_filter_is_a_usage_error_before_any_call(options, reason, tmp_path):
    env = {"B2B_URL": "http://127.0.0.1:9", "B2B_TOKEN": "unused"}  # nothing listens: no call is made
    result = b2b(env, "export", "customers", *options, "-o", tmp_path / "never.csv")
    assert result.exit_code == 2 and reason in result.output


@pytest.mark.parametrize("status", ["failed", "cancelled"])
def test_a_job_that_ended_badly_ends_the_command_with_1_and_its_detail(status):
    with pytest.raises(click.ClickException) as ended:
        raise_if_ended_badly({"status": status, "detail": "customer: the right to view every customer is gone"})
    assert ended.value.exit_code == 1
    assert ended.value.message == f"The job {status}: customer: the right to view every customer is gone"
    raise_if_ended_badly({"status": "completed", "detail": None})  # a completed job goes on


def test_a_wrong_password_exits_1_with_the_reason(env):
    result = b2b({**env, "B2B_PASSWORD": "not the password"}, "jobs")
    assert result.exit_code == 1
    assert f"Error: Could not sign in as {env['B2B_EMAIL']}: Unauthorized (401)" in result.output
    assert "Traceback" not in result.output


def test_an_access_token_in_b2b_token_is_used_as_is_and_a_bad_one_is_explained(env, suite):
    token = suite.admin()["Authorization"].removeprefix("Bearer ")
    by_token = {**env, "B2B_EMAIL": None, "B2B_PASSWORD": None}
    assert b2b({**by_token, "B2B_TOKEN": token}, "jobs").exit_code == 0
    result = b2b({**by_token, "B2B_TOKEN": "not-a-token"}, "jobs")
    assert result.exit_code == 1 and "Unauthorized (401)" in result.output and "B2B_TOKEN may have expired" in result.output


def test_a_refused_file_prints_the_problem_field_by_field(env, tmp_path):
    (tmp_path / "colours.csv").write_text("name,colour\nAcme,red\n")
    result = b2b(env, "import", tmp_path / "colours.csv", "--entity", "customers", "--wait")
    assert result.exit_code == 1
    assert "Unprocessable Content (422)" in result.output or "Unprocessable Entity (422)" in result.output
    assert re.search(r"unknown_columns: .*colour", result.output), result.output


def test_csv_records_are_counted_across_chunks_and_quoted_line_breaks():
    content = b'id,notes\r\n1,"two\r\nlines ""quoted"""\r\n2,plain\r\n'
    for size in (1, 3, 7, len(content)):
        counter = RecordCounter()
        for start in range(0, len(content), size):
            counter.feed(content[start:start + size])
        assert counter.records == 3
