"""pricing, reached directly (around the gateway), refuses every forged token the gateway
would: the suite's one list (b2b_shared.testing.forged_tokens), each a 401 problem, never a 5xx,
and a token naming keys elsewhere (jku, x5u) makes the service fetch nothing."""
from __future__ import annotations

import pytest
from b2b_shared.testing.forged_tokens import FORGERIES, forge

URL = "/api/v1/price-lists"


def test_the_token_the_forgeries_start_from_is_accepted(anonymous, admin_headers):
    assert anonymous.get(URL, headers=admin_headers).status_code == 200


@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_forged_token_is_refused_with_401_and_nothing_is_fetched(anonymous, admin_headers, keys, listener,
                                                                   forgery):
    token = forge(forgery, admin_headers["Authorization"].removeprefix("Bearer "), keys.private_key,
                  elsewhere=listener.url)
    response = anonymous.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert (response.status_code, response.content_type) == (401, "application/problem+json")
    assert listener.connections == 0
