"""/metrics and logs where the suite really runs: gunicorn's forked workers, as `make run` starts
them. Every web process counts the requests it served (prometheus_client's multiprocess mode) and
answers in Prometheus' text format with one charset; every line it writes, gunicorn's own included,
is one JSON object."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from b2b_shared.entrypoints import load_service
from b2b_shared.testing.servers import migrated_database
from prometheus_client.parser import text_string_to_metric_families
from suite_runner import ROOT, free_port, wait_until_ready

pytestmark = pytest.mark.e2e


def served_requests(url: str) -> float:
    response = requests.get(f"{url}/metrics", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; version=1.0.0; charset=utf-8"
    families = {family.name: family for family in text_string_to_metric_families(response.text)}
    return sum(sample.value for sample in families["http_request_duration_seconds"].samples
               if sample.name == "http_request_duration_seconds_count")


def test_every_web_process_counts_its_requests_under_gunicorn(suite, admin):
    for _ in range(3):
        assert admin.get("/api/v1/customers?limit=1").status_code == 200
    assert served_requests(suite.env["CUSTOMERS_URL"]) >= 3  # each request through the gateway reaches it
    assert served_requests(suite.gateway_url) >= 3


def procfile_command(name: str, port: int) -> str:
    """The Procfile's command for process `name`, its port variable filled in."""
    [command] = [line.split(":", 1)[1].strip() for line in (ROOT / "Procfile").read_text().splitlines()
                 if line.startswith(f"{name}:")]
    return command.replace("${CUSTOMERS_PORT:-8001}", str(port))


@pytest.fixture(scope="module")
def customers_under_gunicorn(postgres_url, amqp_url, events_exchange):
    """customers-web alone, started with the Procfile's command on a migrated database of its own;
    yields (its URL, stop), where stop() ends it as Ctrl-C would and returns every line it wrote."""
    service = load_service("customers")
    with migrated_database(postgres_url, service.name, service.migrations) as database_url, \
            tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        port = free_port()
        env = {**os.environ, "CUSTOMERS_DATABASE_URL": database_url, "AMQP_URL": amqp_url,
               "EVENTS_EXCHANGE": events_exchange, "WEB_CONCURRENCY": "2",
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
        process = subprocess.Popen(procfile_command("customers-web", port), shell=True, cwd=ROOT, env=env,
                                   start_new_session=True, stdout=out, stderr=err)

        def stop() -> list[str]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # its own session: the shell, gunicorn, its workers
                process.wait(timeout=30)
                _wait_until_gone(process.pid)  # gunicorn's master may outlive the shell that started it
            return [line for stream in (out, err) for line in _read(stream).splitlines() if line.strip()]

        try:
            wait_until_ready(f"http://127.0.0.1:{port}/health/ready", timeout=30)
            yield f"http://127.0.0.1:{port}", stop
        finally:
            stop()


def _wait_until_gone(group: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise TimeoutError(f"process group {group} still running after {timeout} s")


def _read(stream) -> str:
    stream.seek(0)
    return stream.read().decode()


def test_every_line_gunicorn_and_the_app_write_is_json(customers_under_gunicorn):
    url, stop = customers_under_gunicorn
    assert requests.get(f"{url}/api/v1/customers?limit=1", timeout=5).status_code == 401  # no token
    assert requests.get(f"{url}/no/such/path", timeout=5).status_code == 404
    assert requests.get(f"{url}/metrics", timeout=5).status_code == 200

    written = stop()  # gunicorn's shutdown lines too
    not_json = [line for line in written if not _is_json_object(line)]
    assert not_json == []
    lines = [json.loads(line) for line in written]
    gunicorn = [line["event"] for line in lines if line.get("logger") == "gunicorn.error"]
    assert any(event.startswith("Starting gunicorn") for event in gunicorn)
    assert sum(event.startswith("Booting worker") for event in gunicorn) == 2
    assert "Shutting down: Master" in gunicorn
    assert {(line["route"], line["status"]) for line in lines if line["event"] == "http.request"} >= {
        ("/api/v1/customers", 401), ("unmatched", 404)}


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
