"""/metrics where the suite really runs: gunicorn's forked workers, as `make run` starts them. Every
web process counts the requests it served (prometheus_client's multiprocess mode) and answers in
Prometheus' text format with one charset."""
from __future__ import annotations

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

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
