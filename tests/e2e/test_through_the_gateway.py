"""The whole path, as a frontend and another team's consumer see it: HTTP through the gateway, a
change in the customers database, a CloudEvent on the exchange."""
from __future__ import annotations

import json
import time

import pika
import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def events(amqp_url, events_exchange):
    connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
    channel = connection.channel()
    channel.exchange_declare(events_exchange, "topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, events_exchange, "customer.*")

    def receive(subject: str, timeout: float = 10.0) -> list[dict]:
        found, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            method, _, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                if found:
                    return found
                connection.sleep(0.05)
                continue
            event = json.loads(body)
            if event["subject"] == subject:
                found.append(event)
        return found

    yield receive
    connection.close()


def test_a_customer_created_through_the_gateway_is_stored_and_published(admin, events, unique):
    response = admin.post("/api/v1/customers", json={"name": f"E2E {unique}", "external_id": f"E2E-{unique}"},
                             headers={"X-Request-ID": f"e2e-{unique}"}, timeout=5)
    assert response.status_code == 201
    assert response.headers["X-Request-ID"] == f"e2e-{unique}"
    created = response.json()
    read = admin.get(f"/api/v1/customers/{created['id']}", timeout=5)
    assert read.json() == created
    assert read.headers["ETag"] == '"1"'
    [event] = events(created["id"])
    assert event["type"] == "customer.created"
    assert event["data"] == created
    assert event["requestid"] == f"e2e-{unique}"


def test_an_unknown_segment_is_a_problem_from_the_gateway(admin):
    response = admin.get("/api/v1/no-such-thing", timeout=5)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"



def test_the_csv_export_streams_through_the_gateway(admin, unique):
    admin.post("/api/v1/customers", json={"name": f"Export {unique}"}, timeout=5)
    response = admin.get(f"/api/v1/customers/export?q=Export {unique}", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert f"Export {unique}" in response.text


def test_validation_errors_pass_through_as_problem_details(admin):
    response = admin.post("/api/v1/customers", json={"name": ""}, timeout=5)
    assert response.status_code == 422
    assert "name" in response.json()["errors"]
