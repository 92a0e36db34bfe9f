"""The token verifier remembers a token it has verified until the token expires: its signature is
checked once, not on every request, and an expired token is never taken from memory."""
from __future__ import annotations

import time

import pytest
from b2b_shared.auth.jwt import InvalidToken, JwksCache, TokenVerifier, http_jwks
from b2b_shared.testing.identity import AUDIENCE, ISSUER, SigningKeys


class CountingKeys(JwksCache):
    """The key set, counting how often a signature needed a key."""

    def __init__(self, keys: SigningKeys):
        super().__init__(http_jwks(keys.jwks_url))
        self.asked = 0

    def key(self, kid: str):
        self.asked += 1
        return super().key(kid)


@pytest.fixture(scope="module")
def keys() -> SigningKeys:
    return SigningKeys()


def test_a_verified_token_is_remembered_for_its_whole_lifetime(keys):
    jwks = CountingKeys(keys)
    verifier = TokenVerifier(jwks, ISSUER, AUDIENCE)
    token = keys.token("alice", "staff", seconds=900)
    claims = [verifier.verify(token) for _ in range(3)]
    assert [c["sub"] for c in claims] == ["alice"] * 3
    assert jwks.asked == 1


def test_an_expired_token_is_not_taken_from_memory(keys):
    verifier = TokenVerifier(CountingKeys(keys), ISSUER, AUDIENCE, leeway_seconds=0)
    token = keys.token("bob", "staff", seconds=1)
    assert verifier.verify(token)["sub"] == "bob"
    time.sleep(max(0.0, verifier.verify(token)["exp"] - time.time()) + 0.1)  # until just past its expiry
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_the_tokens_remembered_are_bounded(keys):
    jwks = CountingKeys(keys)
    verifier = TokenVerifier(jwks, ISSUER, AUDIENCE, remembered_tokens=2)
    first, second, third = (keys.token(name, "staff") for name in ("a", "b", "c"))
    for token in (first, second, third, first):
        verifier.verify(token)
    assert jwks.asked == 4  # the first was forgotten to make room for the third
