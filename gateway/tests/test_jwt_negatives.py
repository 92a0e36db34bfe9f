"""Tokens the gateway must refuse (the suite's one list, b2b_shared.testing.forged_tokens), each
with a 401 problem and never a 5xx, and nothing forwarded; a token that names keys elsewhere (jku,
x5u) makes the gateway fetch nothing. A good token passes."""
from __future__ import annotations

import pytest
import requests
from b2b_shared.testing.forged_tokens import FORGERIES, forge
from gateway.testing.keys import bearer


def test_a_request_without_an_authorization_header_is_refused_without_an_error_code(gateway_url, upstream):
    response = requests.get(f"{gateway_url}/api/v1/customers", timeout=5)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="b2b"'
    assert upstream.received == []


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_bad_token_is_a_401_invalid_token_problem_and_nothing_is_fetched_or_forwarded(
        gateway_url, upstream, listener, keys, forgery):
    token = forge(forgery, keys.token(), keys.private_key, elsewhere=listener.url)
    response = requests.get(f"{gateway_url}/api/v1/customers", headers=bearer(token), timeout=10)
    assert response.status_code == 401, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="b2b", error="invalid_token"'
    assert token not in response.text  # the detail never echoes the token
    assert upstream.received == []
    assert listener.connections == 0  # jku/x5u point at it: nothing may connect


def test_a_good_token_passes_with_its_header_and_without_identity_headers(gateway_url, upstream, keys):
    headers = {**bearer(keys.token()), "X-User-Id": "someone-else", "X-Roles": "administrator"}
    response = requests.get(f"{gateway_url}/api/v1/customers", headers=headers, timeout=5)
    assert response.status_code == 200
    [received] = upstream.received
    assert received.headers["Authorization"] == headers["Authorization"]
    assert not {"x-user-id", "x-roles"} & {name.lower() for name in received.headers}
