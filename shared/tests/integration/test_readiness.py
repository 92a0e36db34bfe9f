"""Web readiness depends on what a web process needs to serve, its database, not on the broker:
web writes go to the outbox, so a broker outage must not take every web pod out of rotation. Each
service of the registry is built as `b2b_shared.entrypoints:web(...)` builds it."""
from __future__ import annotations

import socket

import pytest
from b2b_shared import suite
from b2b_shared.entrypoints import load_service

SERVICES = [service.name for service in suite.built()]


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ready(name: str, **config) -> tuple[int, dict]:
    service = load_service(name)
    app = service.create_app(service.load_config().with_(**config))
    response = app.test_client().get("/health/ready")
    return response.status_code, response.json


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_whose_broker_is_unreachable_is_still_ready(name, postgres_url):
    status, body = ready(name, database_url=f"{postgres_url}/postgres",
                         amqp_url=f"amqp://guest:guest@127.0.0.1:{closed_port()}/")
    assert (status, body) == (200, {"status": "ok", "checks": {"database": "ok"}})


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_whose_database_is_unreachable_is_not_ready(name, amqp_url):
    status, body = ready(name, database_url=f"postgresql://postgres@127.0.0.1:{closed_port()}/postgres",
                         amqp_url=amqp_url)
    assert status == 503
    assert body["status"] == "unavailable" and body["checks"]["database"].startswith("failed: ")
