"""Key rotation without downtime, and the idempotent first-start setup."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from b2b_shared.auth.jwt import InvalidToken, JwksCache, TokenVerifier
from b2b_shared.entrypoints import setup
from sqlalchemy import func, select
from users_roles.adapters.keys import KeyRing, keys_from_dir, new_private_pem
from users_roles.adapters.tokens import AccessTokens
from users_roles.domain.model import Role, StaffUser
from users_roles.service import SERVICE


class FakeUser:
    id, kind, customer_id = uuid.uuid4(), "staff", None


def test_a_rotated_in_key_signs_while_tokens_of_the_old_one_still_verify(tmp_path):
    (tmp_path / "2026-01-01.pem").write_text(new_private_pem())
    ring = KeyRing(lambda: keys_from_dir(str(tmp_path)), reload_seconds=0)
    tokens = AccessTokens(ring, "iss", "aud", 60)
    verifier = TokenVerifier(JwksCache(ring.jwks, min_refresh_seconds=0), "iss", "aud")
    now = dt.datetime.now(dt.timezone.utc)
    old_token = tokens.issue(FakeUser(), [], now)
    (tmp_path / "2026-02-01.pem").write_text(new_private_pem())  # the rollover: both published
    assert [key["kid"] for key in ring.jwks()["keys"]] == ["2026-01-01", "2026-02-01"]
    assert ring.signing_key().kid == "2026-02-01"
    assert verifier.verify(tokens.issue(FakeUser(), [], now))["iss"] == "iss"
    assert verifier.verify(old_token)["iss"] == "iss"
    (tmp_path / "2026-01-01.pem").unlink()  # the old key retired after the token lifetime
    with pytest.raises(InvalidToken):
        TokenVerifier(JwksCache(ring.jwks), "iss", "aud").verify(old_token)


def test_setup_run_again_creates_no_second_administrator_and_no_duplicate_roles(config, engine):
    setup(SERVICE, config)  # the whole migrate step, again
    with engine.connect() as db:
        assert db.scalar(select(func.count()).select_from(StaffUser).where(StaffUser.kind == "staff")) >= 1
        admins = db.scalar(select(func.count()).where(func.lower(StaffUser.email) == config.bootstrap_admin_email))
        buyers = db.scalar(select(func.count()).select_from(Role).where(Role.name == "BUYER",
                                                                         Role.customer_id.is_(None)))
    assert (admins, buyers) == (1, 1)
