"""users-roles rotates its signing key: a token with the new kid is accepted after one refresh of
the key set, while made-up kids cannot make the gateway fetch the key set more than once per
`min_refresh_seconds`."""
from __future__ import annotations

import requests
from b2b_shared.auth.jwt import JwksCache, TokenVerifier, http_jwks
from gateway.app import create_app
from gateway.routes import DEFAULT_PORTS
from gateway.testing.keys import RsaKeys, bearer


class CountingFetch:
    def __init__(self, url: str):
        self.fetch, self.calls = http_jwks(url), 0

    def __call__(self) -> dict:
        self.calls += 1
        return self.fetch()


def gateway(serve, config_for, upstream, keys: RsaKeys, min_refresh_seconds: float) -> tuple[str, CountingFetch]:
    config = config_for({service: upstream.url for service in DEFAULT_PORTS}, jwks_url=keys.jwks_url)
    fetch = CountingFetch(config.jwks_url)
    verifier = TokenVerifier(JwksCache(fetch, min_refresh_seconds=min_refresh_seconds), config.jwt_issuer,
                             config.jwt_audience)
    return serve(create_app(config, verifier=verifier)), fetch


def test_a_token_signed_with_a_rotated_in_key_is_accepted_after_one_refresh(serve, config_for, upstream):
    keys = RsaKeys()
    url, fetch = gateway(serve, config_for, upstream, keys, min_refresh_seconds=0)
    assert requests.get(f"{url}/api/v1/customers", headers=bearer(keys.token()), timeout=5).status_code == 200
    assert fetch.calls == 1

    new_kid = keys.add_key()  # published in the key set, as users-roles does before signing with it
    response = requests.get(f"{url}/api/v1/customers", headers=bearer(keys.token(kid=new_kid)), timeout=5)
    assert response.status_code == 200
    assert fetch.calls == 2
    old = requests.get(f"{url}/api/v1/customers", headers=bearer(keys.token()), timeout=5)
    assert old.status_code == 200  # the old key stays valid while it is still in the key set
    assert fetch.calls == 2


def test_made_up_kids_do_not_refetch_the_key_set_within_the_refresh_interval(serve, config_for, upstream):
    keys = RsaKeys()
    url, fetch = gateway(serve, config_for, upstream, keys, min_refresh_seconds=60)
    for _ in range(5):
        made_up = keys.token(kid=keys.add_key(publish=False))
        assert requests.get(f"{url}/api/v1/customers", headers=bearer(made_up), timeout=5).status_code == 401
    assert fetch.calls == 1
