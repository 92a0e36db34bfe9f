"""What the platform team's tooling reads from every service: health, metrics, the OpenAPI document."""
from __future__ import annotations


def test_live_and_ready_answer_ok_when_database_and_broker_answer(client):
    assert client.get("/health/live").json == {"status": "ok"}
    assert client.get("/health/ready").json == {"status": "ok", "checks": {"database": "ok"}}


def test_metrics_count_requests_per_route_template_in_prometheus_format(client):
    client.get("/api/v1/customers?limit=1")
    body = client.get("/metrics").get_data(as_text=True)
    assert 'http_request_duration_seconds_count{method="GET",route="/api/v1/customers",status="200"}' in body


def test_the_openapi_document_lists_the_customers_paths(client):
    paths = client.get("/openapi.json").json["paths"]
    assert {"/api/v1/customers", "/api/v1/customers/{customer_id}/descendants", "/api/v1/customer-groups"} <= set(paths)


def test_a_request_id_is_echoed_or_made(client):
    assert client.get("/health/live", headers={"X-Request-ID": "abc"}).headers["X-Request-ID"] == "abc"
    assert len(client.get("/health/live").headers["X-Request-ID"]) == 32
