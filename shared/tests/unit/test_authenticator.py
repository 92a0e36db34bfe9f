"""The authenticator remembers what a token stands for, but never longer than the row it read."""
from __future__ import annotations

import time
import uuid

import pytest
from b2b_shared.auth.jwt import InvalidToken
from b2b_shared.auth.principals import Authenticator, PrincipalRow

USER = uuid.uuid4()


class Claims:
    """A verifier that takes any token for the same staff user's."""

    def __init__(self):
        self.verified = 0

    def verify(self, token: str) -> dict:
        self.verified += 1
        now = int(time.time())
        return {"sub": str(USER), "kind": "staff", "iat": now, "exp": now + 600}


def staff_row(enabled: bool = True) -> PrincipalRow:
    return PrincipalRow("staff", None, enabled, ("administrator",), None, None, ())


def test_a_callers_next_requests_neither_verify_nor_read_again():
    claims, reads = Claims(), []
    authenticator = Authenticator(claims, lambda subject: reads.append(subject) or staff_row())
    first = authenticator.authenticate("Bearer token")
    assert authenticator.authenticate("Bearer token") is first
    assert (claims.verified, reads) == (1, [USER])


def test_a_disabled_user_is_refused_once_the_row_it_was_let_in_by_is_stale():
    rows = {USER: staff_row()}
    authenticator = Authenticator(Claims(), rows.get, row_seconds=0.2)
    authenticator.authenticate("Bearer token")
    rows[USER] = staff_row(enabled=False)
    time.sleep(0.3)  # the row's time, not a timing assertion
    with pytest.raises(InvalidToken):
        authenticator.authenticate("Bearer token")


def test_a_refused_token_is_not_remembered():
    rows = {}
    authenticator = Authenticator(Claims(), rows.get, row_seconds=0)
    with pytest.raises(InvalidToken):
        authenticator.authenticate("Bearer token")
    rows[USER] = staff_row()
    assert authenticator.authenticate("Bearer token").subject == str(USER)
