"""The gateway against real local upstreams: routing, pass-through, and failing upstreams."""
from __future__ import annotations

import http.server
import json
import threading
import time

import pytest
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS, SEGMENTS


class Upstream(http.server.BaseHTTPRequestHandler):
    """Echoes the request; /slow sleeps past the gateway's read timeout."""

    def do_GET(self):
        if self.path.startswith("/api/v1/customers/slow"):
            time.sleep(2)
        body = json.dumps({"path": self.path, "request_id": self.headers.get("X-Request-ID")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("ETag", '"3"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PATCH = do_DELETE = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def upstream_url():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def client(upstream_url, config_for, signed_in):
    client = create_app(config_for({"customers": upstream_url}, read_timeout=0.5)).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = signed_in["Authorization"]
    return client


def test_every_segment_belongs_to_a_known_service():
    assert set(SEGMENTS.values()) <= set(DEFAULT_PORTS)


def test_a_request_is_forwarded_with_its_query_request_id_and_headers_back(client):
    response = client.get("/api/v1/customers/42?q=acme", headers={"X-Request-ID": "abc"})
    assert response.status_code == 200
    assert response.json == {"path": "/api/v1/customers/42?q=acme", "request_id": "abc"}
    assert response.headers["ETag"] == '"3"'
    assert response.headers["X-Request-ID"] == "abc"


def test_a_slow_service_is_a_504_problem(client):
    started = time.monotonic()
    response = client.get("/api/v1/customers/slow")
    assert response.status_code == 504
    assert response.content_type == "application/problem+json"
    assert time.monotonic() - started < 1.5


def test_a_service_that_refuses_connections_is_a_503_problem_with_retry_after(client):
    response = client.get("/api/v1/price-lists")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"


def test_an_unknown_segment_is_a_404_problem(client):
    assert client.get("/api/v1/unknown").json["status"] == 404


def test_the_gateway_reports_ready_and_each_upstream(client):
    assert client.get("/health/ready").status_code == 200
    assert client.get("/health/upstreams").json["pricing"] == "unreachable"
