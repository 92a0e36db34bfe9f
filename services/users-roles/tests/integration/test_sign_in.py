"""Sign-in, throttling, refresh-token rotation and reuse, revocation, password changes."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from users_roles.app import create_app
from users_roles.domain.model import User
from users_roles.domain.records import LoginThrottle
from users_roles.domain.throttle import ACCOUNT_LOCK_SECONDS, MAX_FAILURES

PASSWORD = "correct horse battery"


@pytest.fixture
def buyer(suite):
    return suite.user(suite.customer())


def password_hash_of(engine, user_id) -> str:
    with engine.connect() as db:
        return db.scalar(select(User.password_hash).where(User.id == user_id))


def test_an_unknown_email_and_a_wrong_password_get_the_same_answer(suite, buyer):
    unknown = suite.sign_in("nobody-at-all@example.com")
    wrong = suite.sign_in(buyer["email"], "wrong password here")
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json == wrong.json


def test_the_password_is_stored_as_argon2id_at_owasp_parameters_and_never_returned(engine, buyer):
    assert "password" not in buyer and "password_hash" not in buyer
    stored = password_hash_of(engine, buyer["id"])
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored


def test_after_five_failures_the_account_backs_off_with_retry_after(suite, buyer):
    for _ in range(5):
        assert suite.sign_in(buyer["email"], "wrong password here").status_code == 401
    response = suite.sign_in(buyer["email"])  # even the right password must wait now
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_an_unknown_email_backs_off_too_so_throttling_reveals_no_account(suite):
    for _ in range(5):
        suite.sign_in("ghost-backoff@example.com", "whatever it is")
    assert suite.sign_in("ghost-backoff@example.com", "whatever it is").status_code == 429


def test_many_sources_guessing_one_account_are_stopped_at_the_ceiling_and_the_owner_waits_too(config, buyer):
    """One wrong guess per address never meets the per-source back-off: only the per-account
    ceiling stops such a guesser. By design it then locks the account for every address, the
    owner's too: the ceiling is far more failures than a person makes. A small ceiling here, by
    configuration, so that the test does not spend ACCOUNT_CEILING argon2 verifications."""
    ceiling = 3 * MAX_FAILURES
    app = create_app(config.with_(sign_in_account_ceiling=ceiling))

    def attempt(source: str, password: str = "wrong password here"):
        return app.test_client().post("/api/v1/auth/token", json={"email": buyer["email"], "password": password},
                                      headers={"X-Forwarded-For": source})
    sources = [f"198.18.0.{n + 1}" for n in range(ceiling + 2)]
    with ThreadPoolExecutor(4) as pool:  # concurrent, as a botnet's are: each failure still counts once
        guesses = list(pool.map(attempt, sources[:ceiling]))
    assert {response.status_code for response in guesses} == {401}
    stopped = attempt(sources[ceiling])
    assert stopped.status_code == 429
    assert ACCOUNT_LOCK_SECONDS - 5 <= int(stopped.headers["Retry-After"]) <= ACCOUNT_LOCK_SECONDS
    assert attempt(sources[ceiling + 1], PASSWORD).status_code == 429


def test_a_successful_sign_in_clears_earlier_failures(suite, buyer, engine):
    for _ in range(4):
        suite.sign_in(buyer["email"], "wrong password here")
    assert suite.sign_in(buyer["email"]).status_code == 200
    with engine.connect() as db:
        assert db.scalar(select(LoginThrottle.failures).where(LoginThrottle.email == buyer["email"])) == 0


def test_a_refresh_token_rotates_and_its_second_use_revokes_the_family(suite, buyer):
    first = suite.sign_in(buyer["email"]).json["refresh_token"]
    second = suite.client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert second.status_code == 200
    assert second.json["refresh_token"] != first
    replay = suite.client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert replay.status_code == 401
    # The replay revoked the family: the token the legitimate client holds is dead too.
    assert suite.client.post("/api/v1/auth/refresh", json={"refresh_token": second.json["refresh_token"]}
                             ).status_code == 401


def test_a_revoked_refresh_token_no_longer_refreshes(suite, buyer):
    token = suite.sign_in(buyer["email"]).json["refresh_token"]
    assert suite.client.post("/api/v1/auth/revoke", json={"refresh_token": token}).status_code == 204
    assert suite.client.post("/api/v1/auth/refresh", json={"refresh_token": token}).status_code == 401


def test_a_made_up_refresh_token_is_401_and_revoking_it_says_nothing(client):
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": "nope.nope"}).status_code == 401
    assert client.post("/api/v1/auth/revoke", json={"refresh_token": "nope.nope"}).status_code == 204


def test_a_disabled_user_can_neither_sign_in_nor_refresh(suite, buyer):
    token = suite.sign_in(buyer["email"]).json["refresh_token"]
    url = f"/api/v1/customer-users/{buyer['id']}"
    assert suite.client.patch(url, json={"enabled": False}, headers={"If-Match": '"1"'}).status_code == 200
    assert suite.sign_in(buyer["email"]).status_code == 401
    assert suite.client.post("/api/v1/auth/refresh", json={"refresh_token": token}).status_code == 401


def test_a_hash_made_with_lower_parameters_is_rehashed_at_sign_in(config, engine, buyer):
    stronger = create_app(config.with_(argon2_time_cost=3)).test_client()
    assert stronger.post("/api/v1/auth/token", json={"email": buyer["email"], "password": PASSWORD}).status_code == 200
    assert "t=3" in password_hash_of(engine, buyer["id"])


def test_a_user_changes_its_own_password_with_the_old_one(suite, buyer):
    headers = suite.bearer(buyer["email"])
    body = {"old_password": "wrong old password", "new_password": "a brand new passphrase"}
    assert suite.client.post("/api/v1/auth/password", json=body, headers=headers).status_code == 401
    body["old_password"] = PASSWORD
    assert suite.client.post("/api/v1/auth/password", json=body, headers=headers).status_code == 204
    assert suite.sign_in(buyer["email"]).status_code == 401
    assert suite.sign_in(buyer["email"], "a brand new passphrase").status_code == 200


def test_changing_a_password_needs_a_signed_in_user(anonymous):
    body = {"old_password": PASSWORD, "new_password": "a brand new passphrase"}
    assert anonymous.post("/api/v1/auth/password", json=body).status_code == 401


def test_an_administrator_sets_a_password_and_old_refresh_tokens_die(suite, buyer):
    token = suite.sign_in(buyer["email"]).json["refresh_token"]
    url = f"/api/v1/customer-users/{buyer['id']}/password"
    assert suite.client.put(url, json={"password": "set by the admin now"}).status_code == 204
    assert suite.client.post("/api/v1/auth/refresh", json={"refresh_token": token}).status_code == 401
    assert suite.sign_in(buyer["email"], "set by the admin now").status_code == 200


def test_a_too_short_password_is_a_field_error(client, suite):
    response = client.post("/api/v1/customer-users", json={
        "customer_id": str(suite.customer()), "email": "short@example.com", "password": "short",
        "first_name": "A", "last_name": "B"})
    assert response.status_code == 422
    assert "password" in response.json["errors"]


def test_the_bootstrap_administrator_signs_in_as_staff(client, config):
    response = client.post("/api/v1/auth/token", json={"email": config.bootstrap_admin_email, "password": PASSWORD})
    assert response.status_code == 200

