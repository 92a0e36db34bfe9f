"""Rate limits per identity, per client address and for signing in, counted in the real Redis (each
test under a key prefix of its own), shared by every gateway replica, told in RateLimit-* headers."""
from __future__ import annotations

import pytest
import requests
from flask_limiter import ApplicationLimit
from gateway.app import create_app
from gateway.ratelimits import ParsedOnceLimit
from gateway.routes import DEFAULT_PORTS
from gateway.testing.keys import bearer


@pytest.fixture
def limited(serve, config_for, upstream):
    """limited(**limits) -> URL of a gateway with those limits, every service routed to `upstream`."""
    def make(**limits) -> str:
        return serve(create_app(config_for({service: upstream.url for service in DEFAULT_PORTS}, **limits)))
    return make


def get(url: str, headers: dict | None = None, path: str = "/api/v1/customers") -> requests.Response:
    return requests.get(f"{url}{path}", headers=headers or {}, timeout=5)


def test_every_answer_tells_the_limit_closest_to_running_out(limited, signed_in):
    url = limited(ratelimit_per_identity="5/minute", ratelimit_per_address="50/minute")
    first, second = get(url, signed_in), get(url, signed_in)
    assert first.headers["RateLimit-Limit"] == "5"
    assert (first.headers["RateLimit-Remaining"], second.headers["RateLimit-Remaining"]) == ("4", "3")
    assert 1 <= int(second.headers["RateLimit-Reset"]) <= 60


def test_an_identity_over_its_limit_gets_a_429_problem_with_retry_after(limited, upstream, signed_in):
    url = limited(ratelimit_per_identity="3/minute")
    assert [get(url, signed_in).status_code for _ in range(3)] == [200, 200, 200]
    refused = get(url, signed_in)
    assert refused.status_code == 429
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Remaining"] == "0"
    assert len(upstream.received) == 3


def test_each_identity_is_counted_on_its_own(limited, keys):
    url = limited(ratelimit_per_identity="2/minute")
    alice, bob = bearer(keys.token()), bearer(keys.token())
    assert [get(url, alice).status_code for _ in range(3)] == [200, 200, 429]
    assert get(url, bob).status_code == 200


def test_an_address_is_counted_also_when_its_requests_have_no_token(limited):
    url = limited(ratelimit_per_address="3/minute")
    assert [get(url).status_code for _ in range(4)] == [401, 401, 401, 429]
    assert get(url, path="/docs").status_code == 429  # public paths count for the address too


def test_signing_in_has_a_tighter_limit_per_address(limited):
    url = limited(ratelimit_sign_in="2/minute", ratelimit_per_address="50/minute")
    sign_in = [requests.post(f"{url}/api/v1/auth/token", json={}, timeout=5).status_code for _ in range(3)]
    assert sign_in == [200, 200, 429]
    assert requests.post(f"{url}/api/v1/auth/refresh", json={}, timeout=5).status_code == 200


def test_the_sign_in_and_address_limits_count_apart_even_when_written_alike(limited):
    url = limited(ratelimit_sign_in="3/minute", ratelimit_per_address="3/minute")
    sign_in = [requests.post(f"{url}/api/v1/auth/token", json={}, timeout=5).status_code for _ in range(4)]
    assert sign_in == [200, 200, 200, 429]  # one counter for both would refuse the second


def test_every_replica_shares_the_counts_through_redis(limited, signed_in):
    one, other = limited(ratelimit_per_identity="3/minute"), limited(ratelimit_per_identity="3/minute")
    assert [get(one, signed_in).status_code, get(other, signed_in).status_code, get(one, signed_in).status_code] \
        == [200, 200, 200]
    assert get(other, signed_in).status_code == 429


def test_health_and_metrics_are_never_limited(limited):
    url = limited(ratelimit_per_address="1/minute")
    statuses = [get(url, path=path).status_code for path in ["/health/live", "/metrics"] * 3]
    assert statuses == [200] * 6


def test_a_signed_in_caller_is_counted_by_identity_not_by_its_shared_office_address(limited, keys):
    url = limited(ratelimit_per_address="2/minute", ratelimit_per_identity="50/minute")
    colleagues = [bearer(keys.token()) for _ in range(3)]  # three buyers behind one NAT address
    assert [get(url, colleague).status_code for colleague in colleagues * 2] == [200] * 6
    assert [get(url).status_code for _ in range(3)] == [401, 401, 429]  # strangers still are, per address


def test_a_limit_parsed_once_is_what_flask_limiter_would_parse_at_every_request():
    def key():
        return "address:127.0.0.1"

    ours, theirs = ParsedOnceLimit("5/minute;100/hour", key_function=key), ApplicationLimit("5/minute;100/hour", key_function=key)
    assert list(ours) == list(theirs) == list(ours)  # the same limits, at the first request and every later one
    assert [limit.limit.amount for limit in ours] == [5, 100]
