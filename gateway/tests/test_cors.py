"""CORS: only the origins in CORS_ALLOWED_ORIGINS may call from a browser; they may send the
headers the API needs and read the ones it answers with. None are allowed by default."""
from __future__ import annotations

import pytest
import requests
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS

APP_ORIGIN, OTHER_ORIGIN = "https://app.example.com", "https://evil.example.com"


@pytest.fixture
def url_with(serve, config_for, upstream):
    def make(origins: tuple[str, ...]) -> str:
        config = config_for({service: upstream.url for service in DEFAULT_PORTS}, cors_allowed_origins=origins)
        return serve(create_app(config))
    return make


def preflight(url: str, origin: str) -> requests.Response:
    return requests.options(f"{url}/api/v1/customers/1", timeout=5, headers={
        "Origin": origin, "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "Authorization, If-Match, Idempotency-Key, Content-Type"})


def test_an_allowed_origins_preflight_may_send_the_headers_the_api_needs(url_with, upstream):
    response = preflight(url_with((APP_ORIGIN, "https://admin.example.com")), APP_ORIGIN)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    allowed = {name.strip().lower() for name in response.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "if-match", "idempotency-key", "content-type"} <= allowed
    assert "PATCH" in response.headers["Access-Control-Allow-Methods"]
    assert upstream.received == []  # answered by the gateway, without a token


def test_an_allowed_origin_may_read_etag_location_rate_limits_and_retry_after(url_with, signed_in):
    response = requests.get(f"{url_with((APP_ORIGIN,))}/api/v1/customers", timeout=5,
                            headers={**signed_in, "Origin": APP_ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN
    exposed = {name.strip().lower() for name in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "location", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset",
            "retry-after"} <= exposed


def test_a_refusal_carries_cors_headers_so_the_browser_can_show_it(url_with):
    response = requests.get(f"{url_with((APP_ORIGIN,))}/api/v1/customers", headers={"Origin": APP_ORIGIN}, timeout=5)
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == APP_ORIGIN


def test_an_origin_not_in_the_list_gets_no_cors_headers(url_with):
    assert "Access-Control-Allow-Origin" not in preflight(url_with((APP_ORIGIN,)), OTHER_ORIGIN).headers


def test_no_origin_is_allowed_by_default(url_with):
    assert "Access-Control-Allow-Origin" not in preflight(url_with(()), APP_ORIGIN).headers
